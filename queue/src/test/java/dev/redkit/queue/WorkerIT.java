package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@RedisTest
class WorkerIT {

    @Test
    void processesEveryJobOnceWithConcurrencyAndRecordsMetrics(RedisConnector redis) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .meterRegistry(registry)
                .build();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        try (Worker w = q.worker((job, ctx) -> {
                    runs.incrementAndGet();
                    seen.add(job.n());
                })
                .concurrency(8)
                .start()) {
            for (int i = 0; i < 500; i++) {
                q.enqueue(new EmailJob("a@x", i));
            }
            Faults.await(() -> seen.size() == 500, Duration.ofSeconds(20));
            Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(5));
            assertThat(w.isRunning()).isTrue();
        }
        assertThat(runs.get()).isEqualTo(500);
        assertThat(registry.get("redkit.queue.enqueued").counter().count()).isEqualTo(500);
        assertThat(registry.get("redkit.queue.completed").counter().count()).isEqualTo(500);
        assertThat(registry.get("redkit.queue.process")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(500);
        assertThat(registry.get("redkit.queue.depth")
                        .tag("state", "waiting")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void handlerExceptionsRetryWithBackoffThenDeadLetter(RedisConnector redis) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .meterRegistry(registry)
                .maxAttempts(3)
                .backoff(Backoff.fixed(Duration.ofMillis(50)))
                .pollInterval(Duration.ofMillis(200))
                .build();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        try (Worker w = q.worker((job, ctx) -> {
                    attempts.add(ctx.attempt());
                    if (job.n() == 1 || ctx.attempt() < 2) {
                        throw new IllegalStateException("smtp said no to " + job.to());
                    }
                })
                .concurrency(2)
                .start()) {
            q.enqueue(new EmailJob("flaky@x", 0));
            q.enqueue(new EmailJob("broken@x", 1));
            Faults.await(() -> q.stats().dead() == 1 && q.stats().total() == 1, Duration.ofSeconds(10));
        }
        assertThat(attempts).hasSize(5);
        DeadLetter<EmailJob> dead = q.deadLetters(0, 1).get(0);
        assertThat(dead.job().orElseThrow().to()).isEqualTo("broken@x");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException: smtp said no to broken@x");
        assertThat(registry.get("redkit.queue.retried").counter().count()).isEqualTo(3);
        assertThat(registry.get("redkit.queue.dead_lettered").counter().count()).isEqualTo(1);
    }

    @Test
    void poisonMessageGoesToDeadLettersAndTheWorkerSurvives(RedisConnector redis) throws Exception {
        ReliableQueue<String> raw =
                ReliableQueue.builder(redis, "emails", Codecs.string()).build();
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "emails", EmailJob.class).build();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Worker w = q.worker(job -> seen.add(job.n())).concurrency(2).start()) {
            raw.enqueue("[1,2,3]");
            raw.enqueue("\u0000garbage");
            for (int i = 0; i < 10; i++) {
                q.enqueue(new EmailJob("ok", i));
            }
            Faults.await(() -> seen.size() == 10 && q.stats().dead() == 2, Duration.ofSeconds(10));
            assertThat(w.isRunning()).isTrue();
            q.enqueue(new EmailJob("after", 99));
            Faults.await(() -> seen.contains(99), Duration.ofSeconds(10));
        }
        assertThat(q.deadLetters(0, 10))
                .allMatch(d -> d.job().isEmpty() && d.lastError().startsWith("poison"));
    }

    @Test
    void leaseIsExtendedWhileTheHandlerRuns(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .visibilityTimeout(Duration.ofMillis(300))
                .pollInterval(Duration.ofMillis(100))
                .build();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        List<Boolean> lostSeen = new CopyOnWriteArrayList<>();
        try (Worker w = q.worker((job, ctx) -> {
                    runs.incrementAndGet();
                    Thread.sleep(1200);
                    lostSeen.add(ctx.isLeaseLost());
                    done.countDown();
                })
                .concurrency(2)
                .start()) {
            q.enqueue(new EmailJob("slow", 1));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(5));
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(lostSeen).containsExactly(false);
    }

    @Test
    void handlerLearnsWhenItsLeaseIsTakenOver(RedisConnector redis) throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-01T10:00:00Z"));
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .clock(clock)
                .visibilityTimeout(Duration.ofMillis(300))
                .pollInterval(Duration.ofMillis(50))
                .build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch lost = new CountDownLatch(1);
        try (Worker w = q.worker((job, ctx) -> {
                    ctx.onLeaseLost(lost::countDown);
                    started.countDown();
                    lost.await(10, TimeUnit.SECONDS);
                })
                .concurrency(1)
                .start()) {
            q.enqueue(new EmailJob("a", 1), EnqueueOptions.immediate().id("j1"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            Delivery<EmailJob> other = q.poll().orElseThrow();
            assertThat(other.attempt()).isEqualTo(2);
            assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(other.ack()).isTrue();
        }
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void closeLetsRunningJobsFinishAndReturnsTheRestWithoutCountingTheAttempt(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .pollInterval(Duration.ofMillis(100))
                .build();
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        List<Boolean> interruptedAndLost = new CopyOnWriteArrayList<>();
        Worker w = q.worker((job, ctx) -> {
                    bothStarted.countDown();
                    try {
                        Thread.sleep(job.n() == 1 ? 100 : 60_000);
                        finished.add(job.n());
                    } catch (InterruptedException e) {
                        interruptedAndLost.add(ctx.isLeaseLost());
                    }
                })
                .concurrency(2)
                .shutdownTimeout(Duration.ofMillis(600))
                .start();
        q.enqueue(new EmailJob("quick", 1));
        q.enqueue(new EmailJob("stuck", 2));
        assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(w.isRunning()).isFalse();
        assertThat(finished).containsExactly(1);
        assertThat(interruptedAndLost).containsExactly(true);
        assertThat(q.stats()).isEqualTo(new QueueStats(1, 0, 0, 0));
        Delivery<EmailJob> back = q.poll().orElseThrow();
        assertThat(back.job().n()).isEqualTo(2);
        assertThat(back.attempt()).isEqualTo(1);
        q.enqueue(new EmailJob("after close", 3));
        Thread.sleep(300);
        assertThat(q.stats().waiting()).isEqualTo(1);
    }

    @Test
    void delayedJobWakesAnIdleWorkerAtItsTime(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                .pollInterval(Duration.ofSeconds(20))
                .build();
        CountDownLatch ran = new CountDownLatch(2);
        try (Worker w = q.worker(job -> ran.countDown()).start()) {
            Thread.sleep(200);
            // the worker now blocks for up to 20 s; the enqueue of a new earliest delayed job wakes it, the
            // claim tells it the due time, and it blocks only until then
            q.enqueue(new EmailJob("soon", 1), EnqueueOptions.delay(Duration.ofMillis(300)));
            Thread.sleep(100);
            q.enqueue(new EmailJob("sooner", 2), EnqueueOptions.delay(Duration.ofMillis(100)));
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(5));
        }
    }

    /**
     * A busy worker's handler threads ack and claim in one call without housekeeping; its fetch thread must
     * still recover lapsed leases and promote due delayed jobs once per poll interval while every handler is
     * busy, so neither waits for the stream of ready jobs to run dry.
     */
    @Test
    void aBusyWorkerStillRecoversLapsedLeasesAndPromotesDueJobsWhileJobsKeepComing(RedisConnector redis)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "busy", EmailJob.class)
                .meterRegistry(registry)
                .visibilityTimeout(Duration.ofMillis(500))
                .pollInterval(Duration.ofMillis(200))
                .build();
        q.enqueue(new EmailJob("stuck", -1), EnqueueOptions.immediate().id("stuck"));
        assertThat(q.poll().orElseThrow().id()).isEqualTo("stuck"); // claimed, never acked: its lease lapses
        q.enqueue(
                new EmailJob("later", -2),
                EnqueueOptions.delay(Duration.ofMillis(300)).id("later"));
        q.enqueueAll(java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> new EmailJob("a@x", i))
                .toList());
        AtomicInteger done = new AtomicInteger();
        try (Worker w = q.worker((job, ctx) -> {
                    done.incrementAndGet();
                    Thread.sleep(5);
                })
                .concurrency(2)
                .start()) {
            Faults.await(
                    () -> registry.find("redkit.queue.recovered").counter() != null
                            && registry.get("redkit.queue.recovered").counter().count() == 1,
                    Duration.ofSeconds(30));
            Faults.await(() -> q.stats().delayed() == 0, Duration.ofSeconds(30));
            // both moved back to ready while most of the stream was still waiting
            assertThat(done.get()).isLessThan(1500);
        }
    }

    /**
     * Regression: the script that nacks a job and claims the next one found the ready set empty and cleared
     * the wake-up list, including the token its own nack had just pushed for the retry (the new earliest
     * delayed job), so the blocked fetch thread slept a whole poll interval before each retry.
     */
    @Test
    void aRetryWakesTheIdleWorkerAtItsTimeNotAfterAPollInterval(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "retry-wake", EmailJob.class)
                .maxAttempts(3)
                .backoff(Backoff.fixed(Duration.ofMillis(100)))
                .pollInterval(Duration.ofSeconds(20))
                .build();
        AtomicInteger attempts = new AtomicInteger();
        try (Worker w = q.worker((job, ctx) -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("550 mailbox unavailable");
                })
                .concurrency(2)
                .start()) {
            Thread.sleep(200); // the fetch thread is blocked now, for up to the 20 s poll interval
            q.enqueue(new EmailJob("bounce@x", 1), EnqueueOptions.immediate().id("bounce"));
            Faults.await(() -> q.stats().dead() == 1, Duration.ofSeconds(8));
        }
        assertThat(attempts.get()).isEqualTo(3);
    }

    /**
     * Regression: an ack call that found the ready set empty let the fetch thread skip its claim after its next
     * wake-up token too, so a job enqueued after the previous one finished waited a whole poll interval.
     */
    @Test
    void aJobEnqueuedRightAfterTheLastOneFinishedStartsWithoutWaitingForThePollInterval(RedisConnector redis)
            throws Exception {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "wake", EmailJob.class)
                .pollInterval(Duration.ofSeconds(30))
                .build();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Worker w = q.worker(job -> seen.add(job.n())).concurrency(4).start()) {
            Thread.sleep(200);
            for (int i = 0; i < 20; i++) {
                q.enqueue(new EmailJob("a@x", i));
                int n = i;
                // a liveness bound far below the 30 s poll interval, not a performance assertion
                Faults.await(() -> seen.contains(n), Duration.ofSeconds(10));
                Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(10));
            }
        }
    }
}
