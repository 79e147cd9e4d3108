package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No loss under crashes: 10,000 jobs, worker instances (each with its own connector, as separate
 * processes would have) crash at random points by losing their connection without acking; at the end
 * every job was completed or dead-lettered, none is missing, and duplicates are counted.
 */
@RedisTest
class CrashIT {

    private static final int JOBS = 10_000;
    private static final int INSTANCES = 4;
    private static final int CONCURRENCY = 4;

    /** One application instance: its own connector, queue and worker. */
    private final class Instance {
        final RedisConnector connector;
        final Worker worker;

        Instance(RedisTestContext ctx) {
            connector = ctx.newConnector();
            worker = queue(connector)
                    .worker((job, jc) -> handle(job, jc))
                    .concurrency(CONCURRENCY)
                    .shutdownTimeout(Duration.ZERO)
                    .start();
        }

        /** Crash: the connection goes away first, so nothing in flight can be acked or returned. */
        void crash() {
            connector.close();
            worker.close();
        }
    }

    private final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    private final AtomicInteger failuresInjected = new AtomicInteger();

    private static ReliableQueue<EmailJob> queue(RedisConnector c) {
        return ReliableQueue.builder(c, "crash", EmailJob.class)
                .visibilityTimeout(Duration.ofSeconds(1))
                .maxAttempts(8)
                .backoff(Backoff.fixed(Duration.ofMillis(20)))
                .pollInterval(Duration.ofMillis(200))
                .build();
    }

    private void handle(EmailJob job, JobContext ctx) throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(4) == 0) {
            Thread.sleep(r.nextInt(3));
        }
        if (r.nextInt(100) < 2) {
            failuresInjected.incrementAndGet();
            throw new IllegalStateException("injected failure");
        }
        completions.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    void everyJobIsCompletedOrDeadLetteredWhenWorkersCrash(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        ReliableQueue<EmailJob> q = queue(redis);
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<Future<?>> produced = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int from = p;
            produced.add(producers.submit(() -> {
                for (int i = from; i < JOBS; i += 4) {
                    q.enqueue(
                            new EmailJob("user" + i + "@example.com", i),
                            EnqueueOptions.immediate().id("job-" + i));
                }
            }));
        }
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new Instance(ctx));
        }
        int crashes = 0;
        long start = System.nanoTime();
        long chaosEnd = start + Duration.ofSeconds(12).toNanos();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (System.nanoTime() < chaosEnd
                && !(produced.stream().allMatch(Future::isDone)
                        && q.stats().total() - q.stats().dead() == 0)) {
            Thread.sleep(100 + r.nextInt(200));
            int victim = r.nextInt(instances.size());
            instances.get(victim).crash();
            crashes++;
            instances.set(victim, new Instance(ctx));
        }
        for (Future<?> f : produced) {
            f.get();
        }
        producers.shutdown();
        Faults.await(
                () -> {
                    QueueStats s = q.stats();
                    return s.waiting() + s.inFlight() + s.delayed() == 0;
                },
                Duration.ofSeconds(30));
        instances.forEach(i -> i.worker.close());

        Set<String> dead = new HashSet<>();
        for (int off = 0; ; off += 1000) {
            List<DeadLetter<EmailJob>> page = q.deadLetters(off, 1000);
            page.forEach(d -> dead.add(d.id()));
            if (page.size() < 1000) {
                break;
            }
        }
        int missing = 0;
        int duplicates = 0;
        for (int i = 0; i < JOBS; i++) {
            String id = "job-" + i;
            AtomicInteger n = completions.get(id);
            if (n == null && !dead.contains(id)) {
                missing++;
            }
            if (n != null) {
                duplicates += n.get() - 1;
            }
        }
        System.out.printf(
                "queue crash test: jobs=%d crashes=%d completed=%d dead=%d missing=%d duplicates=%d "
                        + "injectedFailures=%d seconds=%.1f%n",
                JOBS,
                crashes,
                completions.size(),
                dead.size(),
                missing,
                duplicates,
                failuresInjected.get(),
                (System.nanoTime() - start) / 1e9);
        assertThat(crashes).isGreaterThan(5);
        assertThat(missing).isZero();
        assertThat(completions.size() + dead.size()).isEqualTo(JOBS);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, dead.size()));
        // each crash can repeat at most the jobs that instance had in flight, plus acks lost in the
        // same instant; the slack covers leases that lapsed while the shared test machine stalled
        assertThat(duplicates).isLessThanOrEqualTo(crashes * CONCURRENCY * 2 + 50);
    }
}
