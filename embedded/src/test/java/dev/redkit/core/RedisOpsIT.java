package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@RedisTest
class RedisOpsIT {

    private static final LuaScript INCR_BOTH = LuaScript.fromResource(RedisOpsIT.class, "incr-both.lua");

    @Test
    void runsPlainCommandsAndConvertsReplies(RedisConnector redis) {
        KeySpace keys = redis.keySpace("test", "ops");
        String key = keys.key("k", "user:42 {x}");
        RedisOps ops = redis.ops();
        assertThat(Replies.isOk(ops.execute(RedisCommand.builder("SET")
                        .key(key)
                        .arg("v1")
                        .arg("PX")
                        .arg(60000)
                        .build())))
                .isTrue();
        assertThat(Replies.asString(ops.execute(RedisCommand.of("GET", key)))).isEqualTo("v1");
        assertThat(ops.execute(RedisCommand.of("GET", keys.key("missing")))).isNull();
        assertThat(Replies.asLong(ops.execute(RedisCommand.of("PTTL", key)))).isBetween(1L, 60000L);
    }

    @Test
    void scriptCallIsOneEvalshaAndRecoversFromNoscript(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("test", "ops").slot("entity-1");
        List<String> keys = List.of(slot.key("a"), slot.key("b"));
        redis.ops().execute(INCR_BOTH.call(keys, List.of(1)));

        CommandCounter warm = ctx.commandCounter();
        List<Object> reply = Replies.asList(redis.ops().execute(INCR_BOTH.call(keys, List.of(2))));
        assertThat(reply).containsExactly(3L, 3L);
        assertThat(warm.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);

        ctx.flushScripts();
        CommandCounter cold = ctx.commandCounter();
        reply = Replies.asList(redis.ops().execute(INCR_BOTH.call(keys, List.of(2))));
        assertThat(reply).containsExactly(5L, 5L);
        assertThat(cold.count("evalsha")).isEqualTo(1);
        assertThat(cold.count("eval")).isEqualTo(1);

        CommandCounter again = ctx.commandCounter();
        redis.ops().execute(INCR_BOTH.call(keys, List.of(1)));
        assertThat(again.delta()).containsOnlyKeys("evalsha");
    }

    /** The "two the first time a server runs a script" that docs/core.md item 4 documents, for each script. */
    @Test
    void firstCallOfEachScriptOnAServerIsTwoRoundTripsThenOne(RedisConnector redis, RedisTestContext ctx) {
        LuaScript other = LuaScript.of("test/get.lua", "return redis.call('GET', KEYS[1])");
        KeySpace.Slot slot = redis.keySpace("test", "first").slot("e");
        List<String> keys = List.of(slot.key("a"), slot.key("b"));
        ctx.flushScripts();
        for (LuaScript script : List.of(INCR_BOTH, other)) {
            RedisCommand call =
                    script == INCR_BOTH ? INCR_BOTH.call(keys, List.of(1)) : other.call(keys.subList(0, 1), List.of());
            CommandCounter first = ctx.commandCounter();
            redis.ops().execute(call);
            assertThat(first.delta())
                    .as(script.name())
                    .containsOnlyKeys("evalsha", "eval")
                    .containsEntry("evalsha", 1L)
                    .containsEntry("eval", 1L);
            CommandCounter then = ctx.commandCounter();
            redis.ops().execute(call);
            assertThat(then.delta())
                    .as(script.name())
                    .containsOnlyKeys("evalsha")
                    .containsEntry("evalsha", 1L);
        }
    }

    @Test
    void pipelineReturnsRepliesInOrderAndRecoversScripts(RedisConnector redis, RedisTestContext ctx) {
        KeySpace keys = redis.keySpace("test", "pipe");
        List<RedisCommand> commands = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            commands.add(RedisCommand.builder("SET")
                    .key(keys.key("k", "n" + i))
                    .arg("v" + i)
                    .build());
        }
        KeySpace.Slot slot = keys.slot("e");
        ctx.flushScripts();
        commands.add(INCR_BOTH.call(List.of(slot.key("a"), slot.key("b")), List.of(7)));
        for (int i = 0; i < 20; i++) {
            commands.add(RedisCommand.of("GET", keys.key("k", "n" + i)));
        }
        List<Object> replies = redis.ops().pipeline(commands);
        assertThat(replies).hasSize(41);
        assertThat(Replies.asList(replies.get(20))).containsExactly(7L, 7L);
        for (int i = 0; i < 20; i++) {
            assertThat(Replies.asString(replies.get(21 + i))).isEqualTo("v" + i);
        }
    }

    @Test
    void errorRepliesBecomeCommandExceptions(RedisConnector redis) {
        KeySpace keys = redis.keySpace("test", "err");
        String key = keys.key("list");
        redis.ops().execute(RedisCommand.builder("RPUSH").key(key).arg("x").build());
        assertThatThrownBy(() -> redis.ops().execute(RedisCommand.of("INCR", key)))
                .isInstanceOf(RedisCommandException.class)
                .hasMessageContaining("INCR")
                .hasMessageContaining("WRONGTYPE");
        LuaScript failing = LuaScript.of("failing.lua", "return redis.error_reply('boom')");
        assertThatThrownBy(() -> redis.ops().execute(failing.call(List.of(key), List.of())))
                .isInstanceOf(RedisScriptException.class)
                .hasMessageContaining("failing.lua")
                .hasMessageContaining("boom");
    }

    @Test
    void publishAndSubscribe(RedisConnector redis) throws InterruptedException {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch got = new CountDownLatch(3);
        String channel = redis.config().keyPrefix() + ":chan";
        try (RedisOps.Subscription sub = redis.ops().subscribe(channel, new RedisOps.MessageListener() {
            @Override
            public void onMessage(String ch, byte[] message) {
                received.add(new String(message, StandardCharsets.UTF_8));
                got.countDown();
            }

            @Override
            public void onSubscribed() {
                subscribed.countDown();
            }
        })) {
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.isConnected()).isTrue();
            for (int i = 0; i < 3; i++) {
                redis.ops().publish(channel, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(received).containsExactly("m0", "m1", "m2");
    }

    @Test
    void healthReportsVersionAndLatency(RedisConnector redis) {
        RedisHealth health = redis.health();
        assertThat(health.up()).isTrue();
        assertThat(health.serverVersion()).startsWith("7.");
        assertThat(health.latency()).isPositive();
        assertThat(health.error()).isNull();
    }
}
