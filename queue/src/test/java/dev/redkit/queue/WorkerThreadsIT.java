package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, item 4: handlers on the threads of a factory (virtual threads by default on JDK 21+), with 1,000
 * slow handlers running at once, their leases extended, and graceful shutdown unchanged.
 */
@RedisTest
class WorkerThreadsIT {

    private static final int HANDLERS = 1000;

    /** {@code Thread.isVirtual()} where the JDK has it; false on JDK 17 to 20. */
    private static boolean isVirtual(Thread t) {
        try {
            Method m = Thread.class.getMethod("isVirtual");
            return (boolean) m.invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static List<EmailJob> jobs(int n) {
        return IntStream.range(0, n).mapToObj(i -> new EmailJob("a@x", i)).toList();
    }

    @Test
    void aThousandSlowHandlersRunAtOnceOutliveTheirLeaseTimeoutAndAreAllAcked(RedisConnector redis) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a 1.5 s lease: every handler below runs past it, so only the lease thread's renewals keep the jobs
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "slow", EmailJob.class)
                .meterRegistry(registry)
                .visibilityTimeout(Duration.ofMillis(1500))
                .build();
        q.enqueueAll(jobs(HANDLERS));
        CountDownLatch allRunning = new CountDownLatch(HANDLERS);
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        AtomicInteger leaseLost = new AtomicInteger();
        AtomicInteger virtual = new AtomicInteger();
        try (Worker w = q.worker((job, ctx) -> {
                    if (isVirtual(Thread.currentThread())) {
                        virtual.incrementAndGet();
                    }
                    allRunning.countDown();
                    try {
                        if (!allRunning.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("not all handlers ran at once");
                        }
                        Thread.sleep(2500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    if (ctx.isLeaseLost()) {
                        leaseLost.incrementAndGet();
                    }
                    done.add(job.n());
                })
                .concurrency(HANDLERS)
                .start()) {
            assertThat(allRunning.await(60, TimeUnit.SECONDS))
                    .as("1,000 handlers running at once")
                    .isTrue();
            assertThat(w.activeJobs()).isEqualTo(HANDLERS);
            Faults.await(() -> done.size() == HANDLERS, Duration.ofSeconds(60));
            Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(20));
        }
        assertThat(leaseLost.get()).isZero();
        assertThat(registry.get("redkit.queue.completed").counter().count()).isEqualTo(HANDLERS);
        assertThat(registry.find("redkit.queue.recovered").counter())
                .satisfiesAnyOf(
                        c -> assertThat(c).isNull(), c -> assertThat(c.count()).isZero());
        // the default: virtual threads where the JDK has them, platform threads on JDK 17 to 20
        assertThat(virtual.get()).isEqualTo(Runtime.version().feature() >= 21 ? HANDLERS : 0);
    }

    @Test
    void closeReturnsAThousandRunningJobsUncountedAndInterruptsTheirHandlers(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "shutdown", EmailJob.class).build();
        q.enqueueAll(jobs(HANDLERS));
        CountDownLatch allRunning = new CountDownLatch(HANDLERS);
        AtomicInteger interrupted = new AtomicInteger();
        Worker w = q.worker((job, ctx) -> {
                    allRunning.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                })
                .concurrency(HANDLERS)
                .shutdownTimeout(Duration.ofMillis(300))
                .start();
        assertThat(allRunning.await(60, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(interrupted.get()).isEqualTo(HANDLERS);
        QueueStats stats = q.stats();
        assertThat(stats.waiting()).as("%s", stats).isEqualTo(HANDLERS);
        assertThat(stats.inFlight()).isZero();
        // returned without counting the attempt: the next delivery is attempt 1 again
        Delivery<EmailJob> again = q.poll().orElseThrow();
        assertThat(again.attempt()).isEqualTo(1);
        again.ack();
    }

    @Test
    void handlersRunOnTheThreadsOfAGivenFactory(RedisConnector redis) throws Exception {
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "factory", EmailJob.class).build();
        AtomicInteger made = new AtomicInteger();
        ThreadFactory mine = r -> {
            Thread t = new Thread(r, "mine-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(50);
        try (Worker w = q.worker(job -> {
                    names.add(Thread.currentThread().getName());
                    done.countDown();
                })
                .concurrency(4)
                .threadFactory(mine)
                .start()) {
            q.enqueueAll(jobs(50));
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("mine-"));
        assertThat(made.get()).isBetween(1, 4);
        assertThatThrownBy(() -> q.worker(job -> {}).threadFactory(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadFactory");
    }
}
