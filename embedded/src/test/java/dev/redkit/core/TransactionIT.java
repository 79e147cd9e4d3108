package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/** {@link RedisOps#transaction(List)}: MULTI, the commands and EXEC in one round trip, atomic, on one slot. */
@RedisTest
class TransactionIT {

    private static final LuaScript INCR_BOTH = LuaScript.fromResource(TransactionIT.class, "incr-both.lua");

    @Test
    void isOneRoundTripOfMultiTheCommandsAndExec(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("test", "tx").slot("board");
        String scores = slot.key("scores");
        String data = slot.key("data");
        redis.ops()
                .execute(RedisCommand.builder("ZADD")
                        .key(scores)
                        .args(5, "a", 7, "b")
                        .build());
        redis.ops()
                .execute(RedisCommand.builder("HSET").key(data).args("a", "da").build());

        CommandCounter counter = ctx.commandCounter();
        List<Object> replies = redis.ops()
                .transaction(List.of(
                        RedisCommand.builder("ZSCORE").key(scores).arg("a").build(),
                        RedisCommand.builder("ZREVRANK").key(scores).arg("a").build(),
                        RedisCommand.builder("HGET").key(data).arg("a").build(),
                        RedisCommand.builder("ZSCORE")
                                .key(scores)
                                .arg("missing")
                                .build()));

        assertThat(replies).hasSize(4);
        assertThat(Replies.asDouble(replies.get(0))).isEqualTo(5.0);
        assertThat(Replies.asLong(replies.get(1))).isEqualTo(1);
        assertThat(Replies.asString(replies.get(2))).isEqualTo("da");
        assertThat(replies.get(3)).isNull();
        assertThat(counter.delta())
                .containsOnlyKeys("multi", "zscore", "zrevrank", "hget", "exec")
                .containsEntry("multi", 1L)
                .containsEntry("exec", 1L)
                .containsEntry("zscore", 2L);
        assertThat(redis.ops().transaction(List.of())).isEmpty();
    }

    /**
     * Writers add 1 to two counters in one transaction, readers read both in one transaction: a reader never sees
     * them differ. A thousand commands between the two make each list longer than what Redis reads from a client at
     * once, so that a pipeline in place of the transactions lets the other clients' commands run in between (it
     * fails this test).
     */
    @Test
    void repliesComeFromOneInstantUnderConcurrentWriters(RedisConnector redis) throws InterruptedException {
        KeySpace.Slot slot = redis.keySpace("test", "tx").slot("pair");
        String a = slot.key("a");
        String b = slot.key("b");
        List<RedisCommand> write = around(RedisCommand.of("INCR", a), RedisCommand.of("INCR", b));
        List<RedisCommand> read = around(RedisCommand.of("GET", a), RedisCommand.of("GET", b));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int writes = 200;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < writes; i++) {
                        List<Object> r = redis.ops().transaction(write);
                        assertThat(r.get(0)).isEqualTo(r.get(r.size() - 1));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
            threads.add(new Thread(() -> {
                try {
                    while (writing.get()) {
                        List<Object> r = redis.ops().transaction(read);
                        String x = Replies.asString(r.get(0));
                        String y = Replies.asString(r.get(r.size() - 1));
                        if (x != null && !x.equals(y)) {
                            torn.compareAndSet(null, x + " != " + y);
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (int i = 0; i < threads.size(); i += 2) {
            threads.get(i).join();
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(torn.get()).as("a read saw the counters differ").isNull();
        assertThat(reads.get()).isPositive();
        List<Object> last = redis.ops().transaction(read);
        assertThat(Replies.asString(last.get(0))).isEqualTo("800");
        assertThat(Replies.asString(last.get(last.size() - 1))).isEqualTo("800");
    }

    /** {@code first}, a thousand {@code EXISTS} of first's key, then {@code last}. */
    private static List<RedisCommand> around(RedisCommand first, RedisCommand last) {
        List<RedisCommand> commands = new ArrayList<>();
        commands.add(first);
        RedisCommand filler = RedisCommand.of("EXISTS", first.keys().get(0));
        for (int i = 0; i < 1_000; i++) {
            commands.add(filler);
        }
        commands.add(last);
        return commands;
    }

    @Test
    void refusesKeysOfSeveralSlotsScriptsAndTransactionCommandsBeforeSendingAnything(
            RedisConnector redis, RedisTestContext ctx) {
        KeySpace keys = redis.keySpace("test", "tx");
        String one = keys.slot("one").key("k");
        String other = keys.slot("other").key("k");
        assertThat(JedisClusterCRC16.getSlot(one)).isNotEqualTo(JedisClusterCRC16.getSlot(other));
        CommandCounter counter = ctx.commandCounter();

        assertThatThrownBy(() -> redis.ops()
                        .transaction(List.of(
                                RedisCommand.builder("SET").key(one).arg("v").build(), RedisCommand.of("GET", other))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commands must keep every key in one hash slot")
                .hasMessageContaining(one)
                .hasMessageContaining(other);
        assertThatThrownBy(() -> redis.ops().transaction(List.of(INCR_BOTH.call(List.of(one), List.of(1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commands must be plain commands")
                .hasMessageContaining("incr-both.lua");
        assertThatThrownBy(
                        () -> redis.ops().transaction(List.of(RedisCommand.of("MULTI"), RedisCommand.of("GET", one))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commands must not hold MULTI");
        if (ctx.topology() == Topology.CLUSTER) {
            assertThatThrownBy(() ->
                            redis.ops().transaction(List.of(RedisCommand.of("GET", one), RedisCommand.of("PING"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("commands must each name a key on Cluster")
                    .hasMessageContaining("PING names none");
        } else {
            assertThat(Replies.asString(redis.ops()
                            .transaction(List.of(RedisCommand.of("PING")))
                            .get(0)))
                    .isEqualTo("PONG");
        }
        assertThat(counter.delta()).doesNotContainKeys("set", "get", "evalsha", "eval");
        assertThat(ctx.raw(one, "EXISTS", one)).isEqualTo(0L);
    }

    /** Nothing runs when a command is refused as it is queued; a command failing as it runs stops no other. */
    @Test
    void anErrorReplyNamesItsCommand(RedisConnector redis) {
        KeySpace.Slot slot = redis.keySpace("test", "tx").slot("err");
        String list = slot.key("list");
        String flag = slot.key("flag");
        redis.ops().execute(RedisCommand.builder("RPUSH").key(list).arg("x").build());

        assertThatThrownBy(() -> redis.ops()
                        .transaction(List.of(
                                RedisCommand.builder("SET")
                                        .key(flag)
                                        .arg("queued")
                                        .build(),
                                RedisCommand.builder("LLEN")
                                        .key(list)
                                        .arg("extra")
                                        .build())))
                .isInstanceOf(RedisCommandException.class)
                .hasMessageContaining("LLEN")
                .hasMessageContaining("wrong number of arguments");
        assertThat(redis.ops().execute(RedisCommand.of("GET", flag)))
                .as("a command refused while queueing discards the transaction")
                .isNull();

        assertThatThrownBy(() -> redis.ops()
                        .transaction(List.of(
                                RedisCommand.builder("SET").key(flag).arg("ran").build(),
                                RedisCommand.of("INCR", list),
                                RedisCommand.builder("RPUSH").key(list).arg("y").build())))
                .isInstanceOf(RedisCommandException.class)
                .hasMessageContaining("INCR")
                .hasMessageContaining("WRONGTYPE");
        assertThat(Replies.asString(redis.ops().execute(RedisCommand.of("GET", flag))))
                .as("Redis has no rollback: the commands around a failing one ran")
                .isEqualTo("ran");
        assertThat(Replies.asLong(redis.ops().execute(RedisCommand.of("LLEN", list))))
                .isEqualTo(2);
    }

    @Test
    void redisDownIsUnavailable(RedisTestContext ctx) throws Exception {
        String key = ctx.connector().keySpace("test", "tx").slot("down").key("k");
        List<RedisCommand> get = List.of(RedisCommand.of("GET", key));
        RedisConnector shortTimeouts = ctx.newConnector(b -> b.socketTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500))
                .callTimeout(Duration.ofMillis(1500)));
        shortTimeouts.ops().transaction(get);
        ctx.dataNodes().forEach(EmbeddedRedis::pause);
        try {
            assertThatThrownBy(() -> shortTimeouts.ops().transaction(get))
                    .isInstanceOfSatisfying(
                            RedisUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenApplied())
                                    .as("sent, no reply")
                                    .isTrue());
        } finally {
            ctx.dataNodes().forEach(EmbeddedRedis::resume);
        }
        Faults.retry(() -> shortTimeouts.ops().transaction(get), Duration.ofSeconds(10));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (RedisConnector refused = RedisConnector.create(
                RedisConfig.builder().standalone("127.0.0.1", port).build())) {
            assertThatThrownBy(() -> refused.ops().transaction(get))
                    .isInstanceOfSatisfying(
                            RedisUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenApplied())
                                    .as("nothing sent")
                                    .isFalse());
        }
    }

    /**
     * A slot moved to another master while the connector's slot map still names the old one: the old master
     * answers MOVED while queueing and discards the transaction, and the call follows the slot. While the slot is
     * being migrated, a key already moved is answered ASK: the transaction is refused unapplied. The slot goes back
     * at the end.
     */
    @Test
    void followsASlotMovedToAnotherMaster(RedisConnector redis, RedisTestContext ctx) {
        assumeThat(ctx.topology()).isEqualTo(Topology.CLUSTER);
        KeySpace.Slot slot = redis.keySpace("test", "tx").slot("moving");
        String a = slot.key("a");
        String b = slot.key("b");
        List<RedisCommand> incr = List.of(RedisCommand.of("INCR", a), RedisCommand.of("INCR", b));
        assertThat(redis.ops().transaction(incr)).containsExactly(1L, 1L);
        int hashSlot = JedisClusterCRC16.getSlot(a);
        EmbeddedRedis source = ownerOf(ctx, hashSlot);
        EmbeddedRedis target =
                ctx.dataNodes().stream().filter(n -> n != source).findFirst().orElseThrow();

        // another connector meets the migration, so that no refresh after its failure updates redis's slot map
        RedisConnector other = ctx.newConnector();
        migrate(ctx, hashSlot, source, target, List.of(a), false);
        try {
            assertThatThrownBy(() -> other.ops().transaction(incr))
                    .as("b is still on the source, a already on the target: ASK")
                    .isInstanceOfSatisfying(
                            RedisUnavailableException.class,
                            e -> assertThat(e.mayHaveBeenApplied()).isFalse());
            migrate(ctx, hashSlot, source, target, List.of(b), true);
            long aborted = source.commandCalls("exec");
            long execs = target.commandCalls("exec");
            assertThat(redis.ops().transaction(incr)).containsExactly(2L, 2L);
            assertThat(source.commandCalls("exec") - aborted)
                    .as("the first attempt went to the old owner, which discarded it")
                    .isEqualTo(1);
            assertThat(target.commandCalls("exec") - execs).isEqualTo(1);
        } finally {
            migrate(ctx, hashSlot, target, source, List.of(a, b), true);
        }
        assertThat(redis.ops().transaction(incr)).containsExactly(3L, 3L);
    }

    private static EmbeddedRedis ownerOf(RedisTestContext ctx, int hashSlot) {
        for (EmbeddedRedis node : ctx.dataNodes()) {
            try (Jedis jedis = node.client(2000)) {
                if (jedis.clusterNodes().lines().anyMatch(l -> l.contains("myself") && owns(l, hashSlot))) {
                    return node;
                }
            }
        }
        throw new IllegalStateException("no master owns slot " + hashSlot);
    }

    private static boolean owns(String clusterNodesLine, int hashSlot) {
        String[] fields = clusterNodesLine.split(" ");
        for (int i = 8; i < fields.length; i++) {
            if (fields[i].startsWith("[")) {
                continue;
            }
            String[] range = fields[i].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (hashSlot >= from && hashSlot <= to) {
                return true;
            }
        }
        return false;
    }

    /** Moves {@code keys} of {@code hashSlot} from one master to another; with {@code finish}, hands the slot over. */
    private static void migrate(
            RedisTestContext ctx,
            int hashSlot,
            EmbeddedRedis from,
            EmbeddedRedis to,
            List<String> keys,
            boolean finish) {
        try (Jedis source = from.client(2000);
                Jedis target = to.client(2000)) {
            String sourceId = source.clusterMyId();
            String targetId = target.clusterMyId();
            target.clusterSetSlotImporting(hashSlot, sourceId);
            source.clusterSetSlotMigrating(hashSlot, targetId);
            for (String key : keys) {
                if (source.exists(key)) {
                    source.migrate(to.host(), to.port(), key, 0, 2000);
                }
            }
            if (finish) {
                for (EmbeddedRedis node : ctx.dataNodes()) {
                    try (Jedis jedis = node.client(2000)) {
                        jedis.clusterSetSlotNode(hashSlot, targetId);
                    }
                }
                Faults.await(
                        () -> ctx.dataNodes().stream().allMatch(n -> {
                            try (Jedis jedis = n.client(2000)) {
                                return jedis.clusterNodes()
                                        .lines()
                                        .anyMatch(l -> l.startsWith(targetId) && owns(l, hashSlot));
                            }
                        }),
                        Duration.ofSeconds(10));
            }
        }
    }
}
