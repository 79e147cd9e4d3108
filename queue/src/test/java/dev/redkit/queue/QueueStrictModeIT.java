package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.Races;
import dev.redkit.queue.internal.QueueImpl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Strict mode ({@code replicaAck}) on real servers: a Sentinel master with one replica (and one sentinel),
 * started once for the class, and a 3-master Cluster with a replica each for one test; the class starts its
 * own servers, so it runs once, not per topology. A confirmed enqueue or ack sends exactly one {@code WAIT}
 * behind its script and is on the replica when it returns; with the replica frozen (SIGSTOP) the enqueue
 * reports {@link ReplicaAckException} after the ack timeout while the job is on the primary, and retries
 * under its id store it once; an unconfirmed ack is counted and does not stop a worker. The cost of
 * {@code WAIT} goes to the log (logger {@code dev.redkit.reliability.queue}, through {@code Faults.report}).
 */
class QueueStrictModeIT {

    /** Generous, because a loaded CI machine can take a while to confirm. */
    private static final ReplicaAck ONE = ReplicaAck.of(1, Duration.ofMillis(1500));
    /** Used where the replica is frozen and every confirmed call waits the whole timeout. */
    private static final ReplicaAck SHORT = ReplicaAck.of(1, Duration.ofMillis(200));

    private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2000);

    private static EmbeddedRedisSentinel sentinel;
    private static RedisConnector redis;
    private static EmbeddedRedis master;
    private static EmbeddedRedis replica;

    @BeforeAll
    static void startSentinel() {
        sentinel = EmbeddedRedisSentinel.builder().replicas(1).sentinels(1).start();
        redis = connect(sentinel.config());
        master = sentinel.master();
        replica =
                sentinel.servers().stream().filter(s -> s != master).findFirst().orElseThrow();
    }

    @AfterAll
    static void stopSentinel() {
        if (redis != null) {
            redis.close();
        }
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @BeforeEach
    void replicaIsOnline() {
        master.awaitOnlineReplicas(1, 20_000);
    }

    @Test
    void confirmedEnqueuesAndAcksSendOneWaitBehindTheirScriptAndAreOnTheReplicaWhenTheyReturn() {
        ReliableQueue<EmailJob> strict = ReliableQueue.builder(redis, "confirmed", EmailJob.class)
                .replicaAck(ONE)
                .build();
        ReliableQueue<EmailJob> plain =
                ReliableQueue.builder(redis, "plain", EmailJob.class).build();
        strict.enqueue(new EmailJob("warm-up", 0));
        strict.poll().orElseThrow().ack();
        plain.enqueue(new EmailJob("warm-up", 0));

        int n = 5;
        for (int i = 1; i <= n; i++) {
            Calls before = Calls.of(master);
            EnqueueResult r = strict.enqueue(
                    new EmailJob("a@example.com", i), EnqueueOptions.immediate().id("order-" + i));
            assertThat(r.created()).isTrue();
            assertThat(Calls.of(master).minus(before))
                    .as("enqueue: one script, one WAIT")
                    .isEqualTo(new Calls(1, 0, 1));
            assertThat(onReplica(jobKey(strict, r.id()))).isTrue();
        }
        Calls before = Calls.of(master);
        EnqueueResult delayed =
                strict.enqueue(new EmailJob("a@example.com", 0), EnqueueOptions.delay(Duration.ofHours(1)));
        assertThat(Calls.of(master).minus(before)).as("delayed enqueue").isEqualTo(new Calls(1, 0, 1));
        assertThat(onReplica(jobKey(strict, delayed.id()))).isTrue();
        before = Calls.of(master);
        long touches = master.commandCalls("incrby");
        EnqueueResult again = strict.enqueue(
                new EmailJob("a@example.com", 1), EnqueueOptions.immediate().id("order-1"));
        assertThat(again.created()).isFalse();
        assertThat(Calls.of(master).minus(before))
                .as("a known id is confirmed too")
                .isEqualTo(new Calls(1, 0, 1));
        assertThat(master.commandCalls("incrby") - touches)
                .as("with a no-op write for its WAIT to cover")
                .isEqualTo(1);

        for (int i = 1; i <= n; i++) {
            before = Calls.of(master);
            Delivery<EmailJob> d = strict.poll().orElseThrow();
            assertThat(Calls.of(master).minus(before))
                    .as("claims are not confirmed")
                    .isEqualTo(new Calls(1, 0, 0));
            before = Calls.of(master);
            assertThat(d.ack()).isTrue();
            assertThat(Calls.of(master).minus(before))
                    .as("ack: one script, one WAIT")
                    .isEqualTo(new Calls(1, 0, 1));
            assertThat(onReplica(jobKey(strict, d.id())))
                    .as("acked on the replica")
                    .isFalse();
        }
        before = Calls.of(master);
        plain.enqueue(
                new EmailJob("b@example.com", 1), EnqueueOptions.immediate().id("plain-1"));
        plain.enqueue(
                new EmailJob("b@example.com", 1), EnqueueOptions.immediate().id("plain-1"));
        plain.poll().orElseThrow().ack();
        assertThat(Calls.of(master).minus(before))
                .as("no WAIT without strict mode")
                .isEqualTo(new Calls(4, 0, 0));
        assertThat(master.commandCalls("incrby") - touches)
                .as("nor a no-op write for a known id")
                .isEqualTo(1);
    }

    @Test
    void anUnconfirmedEnqueueIsOnThePrimaryAndRetriesUnderItsIdStoreItOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "orders", EmailJob.class)
                .replicaAck(SHORT)
                .meterRegistry(registry)
                .build();
        q.enqueue(new EmailJob("warm-up", 0), EnqueueOptions.immediate().id("warm-up"));
        EmailJob job = new EmailJob("c@example.com", 1);
        EnqueueOptions order = EnqueueOptions.immediate().id("order-1");
        long firstMillis;
        try (RedisConnector otherRedis = connect(sentinel.config())) {
            ReliableQueue<EmailJob> otherInstance = ReliableQueue.builder(otherRedis, "orders", EmailJob.class)
                    .replicaAck(SHORT)
                    .meterRegistry(null)
                    .build();
            otherInstance.stats();
            replica.pause();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> q.enqueue(job, order)).isInstanceOfSatisfying(ReplicaAckException.class, e -> {
                    assertThat(e)
                            .isInstanceOf(RedisUnavailableException.class)
                            .hasMessageContaining("confirmed by 0 of 1");
                    assertThat(e.required()).isEqualTo(1);
                    assertThat(e.acknowledged()).isZero();
                });
                firstMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(firstMillis)
                        .as("the server waits the ack timeout, not the socket timeout")
                        .isBetween(150L, 1900L);
                assertThat(onMaster(jobKey(q, "order-1")))
                        .as("the job is on the primary")
                        .isTrue();
                assertThat(q.stats().waiting()).isEqualTo(2);
                assertThatThrownBy(() -> q.enqueue(job, order))
                        .as("a retry while the replica is frozen")
                        .isInstanceOf(ReplicaAckException.class);
                assertThatThrownBy(() -> otherInstance.enqueue(job, order))
                        .as("a retry from an instance whose connection wrote nothing yet still waits for the job")
                        .isInstanceOf(ReplicaAckException.class);
            } finally {
                replica.resume();
            }
        }
        int[] attempts = {0};
        EnqueueResult retry = untilConfirmed(() -> q.enqueue(job, order), attempts);
        assertThat(retry.created()).isFalse();
        assertThat(onReplica(jobKey(q, "order-1"))).isTrue();
        assertThat(q.stats().waiting()).isEqualTo(2);

        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (Worker w = q.worker((j, ctx) ->
                        runs.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet())
                .start()) {
            Faults.await(() -> runs.size() == 2 && q.stats().total() == 0, Duration.ofSeconds(10));
        }
        assertThat(runs.get("order-1").get()).isEqualTo(1);
        assertThat(unconfirmed(registry, "enqueue")).isEqualTo(2 + attempts[0] - 1);
        assertThat(registry.get("redkit.queue.enqueued").counter().count()).isEqualTo(2);
        report(String.format(
                "queue strict enqueue, replica frozen (SIGSTOP), WAIT 1 within %d ms: the first enqueue threw"
                        + " ReplicaAckException after %d ms with the job on the primary; 2 retries under its id while frozen"
                        + " (one from another instance) threw too; after SIGCONT %d retry call(s) until confirmed, created=%s;"
                        + " 1 job stored, %d run",
                SHORT.timeout().toMillis(),
                firstMillis,
                attempts[0],
                retry.created(),
                runs.get("order-1").get()));
    }

    @Test
    void concurrentUnconfirmedEnqueuesGoOutTogetherAndEachCallerGetsItsOwnJobsReply() throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "grouped", EmailJob.class)
                .replicaAck(SHORT)
                .meterRegistry(null)
                .build();
        q.enqueue(new EmailJob("warm-up", 0), EnqueueOptions.immediate().id("grouped-warm-up"));
        AtomicInteger next = new AtomicInteger();
        long waitsBefore = master.commandCalls("wait");
        Map<String, Object> replies = new ConcurrentHashMap<>();
        replica.pause();
        try {
            Races.race(8, () -> {
                int n = next.getAndIncrement();
                // callers 0 and 1 share an id: one creates the job, the other finds it
                String id = n < 2 ? "grouped-shared" : "grouped-" + n;
                try {
                    q.enqueue(
                            new EmailJob("e@example.com", n),
                            EnqueueOptions.immediate().id(id));
                    replies.put("caller-" + n, "confirmed");
                } catch (ReplicaAckException e) {
                    assertThat(e.acknowledged()).isZero();
                    replies.put("caller-" + n, e.reply());
                }
                return null;
            });
        } finally {
            replica.resume();
        }
        assertThat(replies).hasSize(8);
        assertThat(replies.values())
                .as("every caller's own reply, not the batch's list")
                .allMatch(r -> r instanceof Long);
        assertThat(replies.get("caller-0")).isNotEqualTo(replies.get("caller-1"));
        assertThat(List.of(replies.get("caller-0"), replies.get("caller-1"))).containsExactlyInAnyOrder(0L, 1L);
        for (int n = 2; n < 8; n++) {
            assertThat(replies.get("caller-" + n)).isEqualTo(1L);
        }
        assertThat(master.commandCalls("wait") - waitsBefore)
                .as("8 callers, each WAIT covering a batch of them")
                .isBetween(1L, 7L);
        assertThat(q.stats().waiting()).isEqualTo(8);
    }

    @Test
    void anUnconfirmedAckThrowsToThePollerAndTheJobIsDoneOnThePrimary() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "invoices", EmailJob.class)
                .replicaAck(SHORT)
                .meterRegistry(registry)
                .build();
        q.enqueue(new EmailJob("d@example.com", 1), EnqueueOptions.immediate().id("invoice-1"));
        replica.pause();
        try {
            Delivery<EmailJob> d = q.poll().orElseThrow();
            assertThatThrownBy(d::ack)
                    .isInstanceOfSatisfying(
                            ReplicaAckException.class,
                            e -> assertThat(e.acknowledged()).isZero());
            assertThat(onMaster(jobKey(q, "invoice-1")))
                    .as("removed on the primary")
                    .isFalse();
            assertThat(q.stats().total()).isZero();
            assertThat(d.isLeaseLost()).isFalse();
        } finally {
            replica.resume();
        }
        assertThat(unconfirmed(registry, "ack")).isEqualTo(1);
        assertThat(registry.get("redkit.queue.completed").counter().count()).isEqualTo(1);
    }

    @Test
    void aWorkerWhoseAckIsUnconfirmedCountsItLogsItAndKeepsRunning() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> strict = ReliableQueue.builder(redis, "receipts", EmailJob.class)
                .replicaAck(SHORT)
                .meterRegistry(registry)
                .pollInterval(Duration.ofMillis(100))
                .build();
        ReliableQueue<EmailJob> producer = ReliableQueue.builder(redis, "receipts", EmailJob.class)
                .meterRegistry(null)
                .build();
        ReliableQueue<EmailJob> probe = ReliableQueue.builder(redis, "probe", EmailJob.class)
                .replicaAck(SHORT)
                .meterRegistry(null)
                .build();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (Worker w = strict.worker((job, ctx) ->
                        runs.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet())
                .start()) {
            try (LogCapture logs = LogCapture.start()) {
                replica.pause();
                try {
                    producer.enqueue(
                            new EmailJob("e@example.com", 1),
                            EnqueueOptions.immediate().id("receipt-1"));
                    Faults.await(
                            () -> logs.text().contains("job receipt-1 was acked but confirmed by 0 of 1 replicas"),
                            Duration.ofSeconds(10));
                    assertThat(w.isRunning()).isTrue();
                } finally {
                    replica.resume();
                }
            }
            untilConfirmed(() -> probe.enqueue(new EmailJob("probe", 0)), new int[1]);
            producer.enqueue(
                    new EmailJob("e@example.com", 2), EnqueueOptions.immediate().id("receipt-2"));
            Faults.await(() -> runs.containsKey("receipt-2") && strict.stats().total() == 0, Duration.ofSeconds(10));
            assertThat(w.isRunning()).isTrue();
        }
        assertThat(runs).containsOnlyKeys("receipt-1", "receipt-2");
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(unconfirmed(registry, "ack")).isEqualTo(1);
        assertThat(registry.get("redkit.queue.completed").counter().count()).isEqualTo(2);
        assertThat(registry.get("redkit.queue.process")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.find("redkit.queue.retried").counter())
                .as("not nacked")
                .isNull();
    }

    @Test
    void theListBridgeUnstagesOnlyConfirmedItems() {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "bridged", EmailJob.class)
                .replicaAck(SHORT)
                .build();
        String source = "strict:emails:in";
        try (Jedis m = master.client(2000)) {
            for (int i = 1; i <= 3; i++) {
                m.rpush(source, "{\"to\":\"f@example.com\",\"n\":" + i + "}");
            }
        }
        ListBridge bridge = q.listBridge(source);
        replica.pause();
        try {
            assertThatThrownBy(bridge::drainOnce).isInstanceOf(ReplicaAckException.class);
            assertThat(stagedItems()).as("still staged").isEqualTo(3);
        } finally {
            replica.resume();
        }
        ListBridge patient = ReliableQueue.builder(redis, "bridged", EmailJob.class)
                .replicaAck(ONE)
                .build()
                .listBridge(source);
        long waitsBefore = master.commandCalls("wait");
        assertThat(patient.drainOnce()).isEqualTo(3);
        assertThat(master.commandCalls("wait") - waitsBefore)
                .as("one WAIT per item")
                .isEqualTo(3);
        assertThat(stagedItems()).isZero();
        assertThat(q.stats().waiting()).as("each item enqueued once").isEqualTo(3);
    }

    @Test
    void replicaAckIsValidatedAtOnceAndShownInToString() {
        ReliableQueueBuilder<EmailJob> builder = ReliableQueue.builder(redis, "validated", EmailJob.class);
        assertThatThrownBy(() -> builder.replicaAck(ReplicaAck.of(1, SOCKET_TIMEOUT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaAck.timeout (2000 ms) must be shorter than the socket timeout (2000 ms)");
        assertThatThrownBy(() -> builder.replicaAck(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaAck must not be null");
        assertThat(builder.toString()).contains("replicaAck=ReplicaAck[none]");
        ReliableQueue<EmailJob> q = builder.replicaAck(SHORT).build();
        assertThat(builder.toString()).contains("replicaAck=ReplicaAck[1 within 200 ms]");
        assertThat(q.toString()).contains("replicaAck=ReplicaAck[1 within 200 ms]");
    }

    @Test
    void measuresWhatWaitCostsPerEnqueueAndAck() {
        ReliableQueue<EmailJob> none =
                ReliableQueue.builder(redis, "cost-none", EmailJob.class).build();
        ReplicaAck waitOne = ReplicaAck.of(1, Duration.ofMillis(100));
        ReliableQueue<EmailJob> strict = ReliableQueue.builder(redis, "cost-wait", EmailJob.class)
                .replicaAck(waitOne)
                .build();
        int samples = Integer.getInteger("redkit.strict.samples", 2000);
        int warmUp = 300;
        int block = 100;
        int total = warmUp + samples;
        List<ReliableQueue<EmailJob>> queues = List.of(none, strict);
        long[][] enqueue = new long[2][samples];
        long[][] ack = new long[2][samples];
        int[] unconfirmed = new int[2];
        EmailJob job = new EmailJob("g@example.com", 1);
        for (int from = 0; from < total; from += block) {
            for (int mode = 0; mode < 2; mode++) {
                ReliableQueue<EmailJob> q = queues.get(mode);
                for (int i = from; i < Math.min(total, from + block); i++) {
                    long start = System.nanoTime();
                    try {
                        q.enqueue(job);
                    } catch (ReplicaAckException slowReplica) {
                        unconfirmed[mode]++;
                    }
                    record(enqueue[mode], i - warmUp, System.nanoTime() - start);
                }
            }
        }
        for (int from = 0; from < total; from += block) {
            for (int mode = 0; mode < 2; mode++) {
                ReliableQueue<EmailJob> q = queues.get(mode);
                for (int i = from; i < Math.min(total, from + block); i++) {
                    Delivery<EmailJob> d = q.poll().orElseThrow();
                    long start = System.nanoTime();
                    try {
                        assertThat(d.ack()).isTrue();
                    } catch (ReplicaAckException slowReplica) {
                        unconfirmed[mode]++;
                    }
                    record(ack[mode], i - warmUp, System.nanoTime() - start);
                }
            }
        }
        report(String.format(
                "queue strict mode cost (Sentinel master + 1 replica on loopback, 1 thread, %d calls each after %d"
                        + " warm-up, median / p99): enqueue %d / %d us alone, %d / %d us with WAIT 1 (%d ms); ack %d / %d us alone,"
                        + " %d / %d us with WAIT 1; %d strict calls unconfirmed",
                samples,
                warmUp,
                micros(enqueue[0], 0.5),
                micros(enqueue[0], 0.99),
                micros(enqueue[1], 0.5),
                micros(enqueue[1], 0.99),
                waitOne.timeout().toMillis(),
                micros(ack[0], 0.5),
                micros(ack[0], 0.99),
                micros(ack[1], 0.5),
                micros(ack[1], 0.99),
                unconfirmed[1]));
        assertThat(none.stats().total()).isZero();
        assertThat(strict.stats().total()).isZero();
        assertThat(unconfirmed[0]).isZero();
        assertThat(micros(enqueue[1], 0.5)).isPositive();
        assertThat(micros(ack[1], 0.5)).isPositive();
    }

    @Test
    void onClusterTheWaitGoesToTheQueuesMasterAndAFrozenReplicaIsReported() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                        .masters(3)
                        .replicasPerMaster(1)
                        .start();
                RedisConnector clusterRedis = connect(cluster.config())) {
            cluster.masters().forEach(m -> m.awaitOnlineReplicas(1, 20_000));
            ReliableQueue<EmailJob> q = ReliableQueue.builder(clusterRedis, "sharded", EmailJob.class)
                    .replicaAck(ONE)
                    .build();
            q.enqueue(new EmailJob("warm-up", 0));
            q.poll().orElseThrow().ack();
            long[] before = cluster.masters().stream()
                    .mapToLong(m -> m.commandCalls("wait"))
                    .toArray();
            q.enqueue(new EmailJob("h@example.com", 1));
            q.poll().orElseThrow().ack();
            long[] waits = cluster.masters().stream()
                    .mapToLong(m -> m.commandCalls("wait"))
                    .toArray();
            Arrays.setAll(waits, i -> waits[i] - before[i]);
            int owner = 0;
            for (int i = 1; i < waits.length; i++) {
                owner = waits[i] > waits[owner] ? i : owner;
            }
            assertThat(waits)
                    .as("enqueue and ack: two WAITs, on the master of the queue's slot")
                    .containsOnly(0, 2)
                    .containsOnlyOnce(2);

            EmbeddedRedis frozen = cluster.replicas().get(owner);
            ReliableQueue<EmailJob> shortQ = ReliableQueue.builder(clusterRedis, "sharded", EmailJob.class)
                    .replicaAck(SHORT)
                    .build();
            EnqueueOptions order = EnqueueOptions.immediate().id("order-1");
            frozen.pause();
            try {
                assertThatThrownBy(() -> shortQ.enqueue(new EmailJob("h@example.com", 2), order))
                        .isInstanceOf(ReplicaAckException.class);
            } finally {
                frozen.resume();
            }
            EnqueueResult retry =
                    untilConfirmed(() -> shortQ.enqueue(new EmailJob("h@example.com", 2), order), new int[1]);
            assertThat(retry.created()).isFalse();
            assertThat(q.stats().waiting()).isEqualTo(1);
        }
    }

    private static RedisConnector connect(RedisConfig config) {
        return RedisConnector.create(
                config.toBuilder().socketTimeout(SOCKET_TIMEOUT).build());
    }

    /** Retries a strict call until the replicas confirm it, as the documentation tells callers to. */
    private static <R> R untilConfirmed(Supplier<R> call, int[] attempts) {
        while (true) {
            attempts[0]++;
            try {
                return call.get();
            } catch (ReplicaAckException notYet) {
                assertThat(attempts[0]).as("replica caught up").isLessThan(50);
                Faults.pause(20);
            }
        }
    }

    private static long unconfirmed(MeterRegistry registry, String operation) {
        Counter c = registry.find("redkit.queue.unconfirmed")
                .tag("operation", operation)
                .counter();
        return c == null ? 0 : (long) c.count();
    }

    private static String jobKey(ReliableQueue<EmailJob> q, String id) {
        return ((QueueImpl<EmailJob>) q).jobKey(id);
    }

    private static boolean onReplica(String key) {
        try (Jedis jedis = replica.client(2000)) {
            return jedis.exists(key);
        }
    }

    private static boolean onMaster(String key) {
        try (Jedis jedis = master.client(2000)) {
            return jedis.exists(key);
        }
    }

    private static long stagedItems() {
        try (Jedis jedis = master.client(2000)) {
            return jedis.keys("*:queue-bridge:bridged:*:staging").stream()
                    .mapToLong(jedis::llen)
                    .sum();
        }
    }

    private static void record(long[] samples, int index, long nanos) {
        if (index >= 0) {
            samples[index] = nanos;
        }
    }

    private static long micros(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000;
    }

    private static void report(String line) {
        Faults.report("queue", line);
    }

    /** Calls of the script commands and of {@code WAIT} on one server. */
    private record Calls(long evalsha, long eval, long waits) {
        static Calls of(EmbeddedRedis server) {
            return new Calls(server.commandCalls("evalsha"), server.commandCalls("eval"), server.commandCalls("wait"));
        }

        Calls minus(Calls o) {
            return new Calls(evalsha - o.evalsha, eval - o.eval, waits - o.waits);
        }
    }
}
