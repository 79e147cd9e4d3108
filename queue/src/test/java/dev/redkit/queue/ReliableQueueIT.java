package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.queue.internal.QueueImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@RedisTest
class ReliableQueueIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static ReliableQueueBuilder<EmailJob> emails(RedisConnector redis, MutableClock clock) {
        return emails(redis, clock, 3);
    }

    private static ReliableQueueBuilder<EmailJob> emails(RedisConnector redis, MutableClock clock, int maxAttempts) {
        return ReliableQueue.builder(redis, "emails", EmailJob.class)
                .clock(clock)
                .visibilityTimeout(Duration.ofSeconds(10))
                .maxAttempts(maxAttempts)
                .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void enqueueAndAckAreOneRoundTripEach(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        q.enqueue(new EmailJob("warm@x", 0));
        q.poll().orElseThrow().ack();

        CommandCounter enqueue = ctx.commandCounter();
        q.enqueue(new EmailJob("a@x", 1));
        assertThat(enqueue.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);
        enqueue.close();

        Delivery<EmailJob> d = q.poll().orElseThrow();
        CommandCounter ack = ctx.commandCounter();
        assertThat(d.ack()).isTrue();
        assertThat(ack.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);
    }

    @Test
    void ackedJobLeavesOnlyTheIdempotencyMarkerAndCounters(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        EnqueueResult r =
                q.enqueue(new EmailJob("a@x", 1), EnqueueOptions.immediate().id("order-1"));
        assertThat(r).isEqualTo(new EnqueueResult("order-1", true));
        Delivery<EmailJob> d = q.poll().orElseThrow();
        assertThat(d.job()).isEqualTo(new EmailJob("a@x", 1));
        assertThat(d.id()).isEqualTo("order-1");
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(d.enqueuedAt()).isEqualTo(T0);
        assertThat(d.leaseDeadline()).isEqualTo(T0.plusSeconds(10));
        assertThat(d.ack()).isTrue();
        assertThat(d.ack()).isFalse();
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
        assertThat(ctx.keys()).allMatch(k -> k.endsWith(":seq") || k.contains(":dedupe:"));
        assertThat(q.enqueue(
                                new EmailJob("again", 2),
                                EnqueueOptions.immediate().id("order-1"))
                        .created())
                .isFalse();
        assertThat(q.poll()).isEmpty();
    }

    @Test
    void failedAttemptsBackOffThenDeadLetterThenReplay(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = emails(redis, clock).build();
        q.enqueue(new EmailJob("a@x", 1), EnqueueOptions.immediate().id("j1"));

        Delivery<EmailJob> first = q.poll().orElseThrow();
        assertThat(first.nack("smtp down")).isEqualTo(NackOutcome.RETRY_SCHEDULED);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 1, 0));
        clock.advance(Duration.ofMillis(999));
        assertThat(q.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        Delivery<EmailJob> second = q.poll().orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.nack("smtp down again")).isEqualTo(NackOutcome.RETRY_SCHEDULED);
        clock.advance(Duration.ofMillis(1999));
        assertThat(q.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        Delivery<EmailJob> third = q.poll().orElseThrow();
        assertThat(third.attempt()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(third.nack("mailbox full")).isEqualTo(NackOutcome.DEAD_LETTERED);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 1));
        clock.advance(Duration.ofHours(1));
        assertThat(q.poll()).isEmpty();

        List<DeadLetter<EmailJob>> dead = q.deadLetters(0, 10);
        assertThat(dead).hasSize(1);
        DeadLetter<EmailJob> letter = dead.get(0);
        assertThat(letter.id()).isEqualTo("j1");
        assertThat(letter.job()).contains(new EmailJob("a@x", 1));
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.lastError()).isEqualTo("mailbox full");
        assertThat(letter.enqueuedAt()).isEqualTo(T0);
        assertThat(letter.failedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(q.enqueue(new EmailJob("dup", 0), EnqueueOptions.immediate().id("j1"))
                        .created())
                .isFalse();

        assertThat(q.replayDeadLetter("j1")).isTrue();
        assertThat(q.replayDeadLetter("j1")).isFalse();
        Delivery<EmailJob> replayed = q.poll().orElseThrow();
        assertThat(replayed.attempt()).isEqualTo(1);
        assertThat(replayed.ack()).isTrue();
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void lapsedLeaseIsRecoveredAndTheLateOwnerIsRejected(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = emails(redis, clock).build();
        q.enqueue(new EmailJob("a@x", 1), EnqueueOptions.immediate().id("j1"));
        Delivery<EmailJob> stalled = q.poll().orElseThrow();
        List<String> callbacks = new ArrayList<>();
        stalled.onLeaseLost(() -> callbacks.add("lost"));

        clock.advance(Duration.ofSeconds(5));
        assertThat(stalled.extend()).isTrue();
        assertThat(stalled.leaseDeadline()).isEqualTo(T0.plusSeconds(15));
        clock.advance(Duration.ofSeconds(9));
        assertThat(q.recover()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(stalled.isLeaseLost()).isTrue();
        assertThat(callbacks).containsExactly("lost");

        Delivery<EmailJob> taken = q.poll().orElseThrow();
        assertThat(taken.id()).isEqualTo("j1");
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(stalled.ack()).isFalse();
        assertThat(stalled.nack("late")).isEqualTo(NackOutcome.LEASE_LOST);
        assertThat(stalled.extend()).isFalse();
        assertThat(stalled.release()).isFalse();
        assertThat(taken.isLeaseLost()).isFalse();
        assertThat(taken.ack()).isTrue();
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void lapsedLastAttemptIsDeadLettered(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = emails(redis, clock, 1).build();
        q.enqueue(new EmailJob("a@x", 1), EnqueueOptions.immediate().id("j1"));
        q.poll().orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        assertThat(q.recover()).isEqualTo(1);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 1));
        assertThat(q.deadLetters(0, 10).get(0).lastError()).contains("lease expired");
        assertThat(q.purgeDeadLetter("j1")).isTrue();
        assertThat(q.purgeDeadLetter("j1")).isFalse();
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void releaseReturnsTheJobWithoutCountingTheAttempt(RedisConnector redis) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        q.enqueue(new EmailJob("a@x", 1));
        Delivery<EmailJob> d = q.poll().orElseThrow();
        assertThat(d.release()).isTrue();
        assertThat(d.isLeaseLost()).isTrue();
        Delivery<EmailJob> again = q.poll().orElseThrow();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.ack()).isTrue();
    }

    @Test
    void delayedJobsRunAtTheirTimeAndPrioritiesComeFirst(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = emails(redis, clock).build();
        q.enqueue(new EmailJob("later", 1), EnqueueOptions.delay(Duration.ofMinutes(5)));
        q.enqueue(new EmailJob("at", 2), EnqueueOptions.runAt(T0.plusSeconds(60)));
        q.enqueue(new EmailJob("past", 3), EnqueueOptions.runAt(T0.minusSeconds(60)));
        q.enqueue(new EmailJob("low-1", 4));
        q.enqueue(new EmailJob("high", 5), EnqueueOptions.immediate().priority(9));
        q.enqueue(new EmailJob("low-2", 6));
        assertThat(q.stats()).isEqualTo(new QueueStats(4, 0, 2, 0));
        assertThat(drain(q)).containsExactly("high", "past", "low-1", "low-2");
        clock.advance(Duration.ofSeconds(60));
        assertThat(drain(q)).containsExactly("at");
        clock.advance(Duration.ofSeconds(239));
        assertThat(drain(q)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(drain(q)).containsExactly("later");
    }

    private static List<String> drain(ReliableQueue<EmailJob> q) {
        List<String> out = new ArrayList<>();
        Optional<Delivery<EmailJob>> d;
        while ((d = q.poll()).isPresent()) {
            out.add(d.get().job().to());
            d.get().ack();
        }
        return out;
    }

    @Test
    void thirtyTwoConcurrentProducersOfOneIdCreateOneJob(RedisConnector redis, RedisTestContext ctx) throws Exception {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        List<ReliableQueue<EmailJob>> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(emails(ctx.newConnector(), new MutableClock(T0)).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "order-" + round + "-confirmation";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int p = 0; p < 32; p++) {
                    ReliableQueue<EmailJob> producer = instances.get(p % 4);
                    int n = p;
                    Callable<Boolean> call = () -> {
                        go.await();
                        return producer.enqueue(
                                        new EmailJob("p" + n, n),
                                        EnqueueOptions.immediate().id(id))
                                .created();
                    };
                    results.add(pool.submit(call));
                }
                go.countDown();
                int created = 0;
                for (Future<Boolean> f : results) {
                    created += f.get() ? 1 : 0;
                }
                assertThat(created).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(q.stats().waiting()).isEqualTo(5);
    }

    @Test
    void badInputIsRejectedBeforeAnyWrite(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q =
                emails(redis, new MutableClock(T0)).maxPayloadBytes(100).build();
        assertThatThrownBy(() -> q.enqueue(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job");
        assertThatThrownBy(() -> q.enqueue(new EmailJob("a", 1), null)).hasMessageContaining("options");
        assertThatThrownBy(() -> q.enqueue(new EmailJob("x".repeat(200), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> q.deadLetters(-1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> q.deadLetters(0, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> q.replayDeadLetter(null)).hasMessageContaining("id");
        assertThatThrownBy(() -> q.worker((JobHandler<EmailJob>) null)).hasMessageContaining("handler");
        assertThatThrownBy(() -> q.worker(j -> {}).concurrency(0)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> ReliableQueue.builder(redis, "Bad Name", EmailJob.class))
                .hasMessageContaining("name");
        assertThatThrownBy(
                        () -> ReliableQueue.builder(redis, "q", EmailJob.class).visibilityTimeout(Duration.ofMillis(5)))
                .hasMessageContaining("visibilityTimeout");
        assertThatThrownBy(
                        () -> ReliableQueue.builder(redis, "q", EmailJob.class).maxAttempts(0))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(
                        () -> ReliableQueue.builder(redis, "q", EmailJob.class).pollInterval(Duration.ofMinutes(5)))
                .hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> q.listBridge("a{}b")).hasMessageContaining("sourceList");
        assertThat(ctx.keys()).isEmpty();
        assertThat(ReliableQueue.builder(redis, "q", EmailJob.class).toString()).contains("maxAttempts=5");
    }

    @Test
    void poisonMessageIsDeadLetteredAndPollMovesOn(RedisConnector redis) {
        ReliableQueue<String> raw =
                ReliableQueue.builder(redis, "emails", Codecs.string()).build();
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        raw.enqueue("{not json", EnqueueOptions.immediate().id("poison"));
        q.enqueue(new EmailJob("good", 1));
        Delivery<EmailJob> d = q.poll().orElseThrow();
        assertThat(d.job().to()).isEqualTo("good");
        assertThat(d.ack()).isTrue();
        List<DeadLetter<EmailJob>> dead = q.deadLetters(0, 10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).id()).isEqualTo("poison");
        assertThat(dead.get(0).job()).isEmpty();
        assertThat(dead.get(0).lastError()).startsWith("poison message");
        assertThat(dead.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void replayAndPurgeEveryDeadLetter(RedisConnector redis) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0), 1).build();
        for (int i = 0; i < 25; i++) {
            q.enqueue(new EmailJob("a" + i, i));
            assertThat(q.poll().orElseThrow().nack("boom")).isEqualTo(NackOutcome.DEAD_LETTERED);
        }
        assertThat(q.deadLetters(20, 10)).hasSize(5);
        assertThat(q.replayDeadLetters()).isEqualTo(25);
        assertThat(q.stats()).isEqualTo(new QueueStats(25, 0, 0, 0));
        for (int i = 0; i < 25; i++) {
            q.poll().orElseThrow().nack("boom");
        }
        assertThat(q.purgeDeadLetters()).isEqualTo(25);
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void idIsEncodedSoAnyTextIsSafe(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        String id = "order:42 {evil} ünïcode";
        assertThat(q.enqueue(new EmailJob("a", 1), EnqueueOptions.immediate().id(id))
                        .created())
                .isTrue();
        assertThat(((QueueImpl<EmailJob>) q).jobKey(id)).contains("{emails}").doesNotContain("{evil}");
        Delivery<EmailJob> d = q.poll().orElseThrow();
        assertThat(d.id()).isEqualTo(id);
        d.nack("x");
        assertThat(ctx.keys()).allMatch(k -> k.contains(":queue:{emails}:"));
    }

    @Test
    void measuresMemoryOfOneQueuedJob(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        QueueImpl<EmailJob> impl = (QueueImpl<EmailJob>) q;
        EnqueueResult r = q.enqueue(new EmailJob("customer-1234@example.com", 42));
        String jobKey = impl.jobKey(r.id());
        long job = memory(ctx, jobKey);
        String marker = jobKey.replace(":job:", ":dedupe:");
        long dedupe = memory(ctx, marker);
        String ready = impl.structureKeys().get(0);
        long readyOne = memory(ctx, ready);
        for (int i = 0; i < 999; i++) {
            q.enqueue(new EmailJob("customer-1234@example.com", i));
        }
        long readyThousand = ((Number) ctx.raw(ready, "MEMORY", "USAGE", ready, "SAMPLES", "0")).longValue();
        String payload = "{\"to\":\"customer-1234@example.com\",\"n\":42}";
        System.out.printf(
                "queue memory (%s): payload %d bytes, job hash %d bytes, idempotency marker %d bytes, "
                        + "ready zset %d bytes for 1 job, %d bytes per job at 1000; %d bytes per queued job%n",
                ctx.topology(),
                payload.length(),
                job,
                dedupe,
                readyOne,
                readyThousand / 1000,
                job + dedupe + readyThousand / 1000);
        assertThat(job).isLessThan(400);
        // a generated id needs a marker only where a command may be re-sent (Cluster)
        assertThat(dedupe > 0).isEqualTo(ctx.topology() == Topology.CLUSTER);
    }

    /**
     * The stored layout older versions read: a rolling deploy mixes versions on one queue, and an older
     * worker takes the id from the hash (a missing one would reach its handler as null).
     */
    @Test
    void storedJobHashKeepsTheFieldsOlderVersionsRead(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = emails(redis, new MutableClock(T0)).build();
        EnqueueResult r = q.enqueue(new EmailJob("a@x", 1));
        String key = ((QueueImpl<EmailJob>) q).jobKey(r.id());
        assertThat(text(ctx.raw(key, "HGET", key, "id"))).isEqualTo(r.id());
        assertThat(text(ctx.raw(key, "HGET", key, "p"))).isEqualTo("{\"to\":\"a@x\",\"n\":1}");
        assertThat(text(ctx.raw(key, "HGET", key, "ea"))).isEqualTo(Long.toString(T0.toEpochMilli()));
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b
                ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(reply);
    }

    private static long memory(RedisTestContext ctx, String key) {
        Object bytes = ctx.raw(key, "MEMORY", "USAGE", key);
        return bytes == null ? 0 : ((Number) bytes).longValue();
    }
}
