package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A quick local run of enqueue + process + ack; prints jobs/s (no timing assertion). */
@RedisTest
class ThroughputIT {

    @Test
    void quickLocalRun(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "tp", EmailJob.class).build();
        int jobs = 3000;
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            q.enqueue(new EmailJob("a@x", i));
        }
        long t1 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try (Worker w = q.worker(job -> done.incrementAndGet()).concurrency(16).start()) {
            Faults.await(() -> done.get() == jobs, Duration.ofSeconds(60));
        }
        long t2 = System.nanoTime();
        System.out.printf(
                "queue throughput: enqueue %.0f jobs/s (1 thread), process+ack %.0f jobs/s (concurrency 16)%n",
                jobs / ((t1 - t0) / 1e9), jobs / ((t2 - t1) / 1e9));
        assertThat(q.stats().total()).isZero();
    }
}
