package dev.redkit.embedded;

import dev.redkit.core.spi.Checks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs a workload on several threads through a Redis outage and reports what the client did: how many
 * calls failed and how, the slowest call, the JVM's thread count and heap before, during and after, and how
 * long the first successful call took once the server was back.
 * <!-- snippet: EmbeddedSnippets#outageProbe -->
 * <pre>{@code
 * OutageProbe.Result r = OutageProbe.of(server)
 *         .threads(8)
 *         .down(Duration.ofSeconds(30))
 *         .expectedFailure(e -> e instanceof RedisUnavailableException)
 *         .run(() -> sessions.get(token));
 * assertThat(r.unexpected()).isEmpty();
 * }</pre>
 * The outage is {@link EmbeddedRedis#kill()} followed, after the down time, by {@link EmbeddedRedis#restart()}
 * (data survives only with {@link EmbeddedRedis.Builder#appendOnly(boolean)}). Not thread-safe; one probe at
 * a time per server.
 */
public final class OutageProbe {

    private final EmbeddedRedis server;
    private int threads = 4;
    private Duration down = Duration.ofSeconds(5);
    private Predicate<Throwable> expectedFailure =
            e -> e.getClass().getSimpleName().equals("RedisUnavailableException");

    private OutageProbe(EmbeddedRedis server) {
        this.server = Checks.notNull(server, "server");
    }

    /**
     * Starts configuring a probe.
     *
     * @param server the server to take down and bring back
     * @return a probe with 4 threads, 5 s down, and {@code RedisUnavailableException} as the expected failure
     */
    public static OutageProbe of(EmbeddedRedis server) {
        return new OutageProbe(server);
    }

    /**
     * Threads calling the workload during the outage.
     *
     * @param threads 1 to 64
     * @return this probe
     */
    public OutageProbe threads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1-64, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * How long the server stays down.
     *
     * @param down a positive duration
     * @return this probe
     */
    public OutageProbe down(Duration down) {
        if (down == null || down.isNegative() || down.isZero()) {
            throw new IllegalArgumentException("down must be positive, was " + down);
        }
        this.down = down;
        return this;
    }

    /**
     * Which failures during the outage are expected; any other one is reported in {@link Result#unexpected()}.
     *
     * @param expected the test
     * @return this probe
     */
    public OutageProbe expectedFailure(Predicate<Throwable> expected) {
        this.expectedFailure = Checks.notNull(expected, "expected");
        return this;
    }

    /**
     * Warms the workload up on the healthy server, kills the server, runs the workload on the configured
     * threads for the down time, brings the server back and times the first success.
     *
     * @param workload one call, for example one component operation
     * @return what was observed
     * @throws IllegalStateException if the workload fails before the outage, or does not succeed within
     *     60 s after the server is back
     */
    public Result run(Callable<?> workload) {
        for (int i = 0; i < 20; i++) {
            call(workload, "warm-up");
        }
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        int threadsBefore = threadBean.getThreadCount();

        server.kill();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong slowestNanos = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        while (!stop.get()) {
                            long start = System.nanoTime();
                            try {
                                workload.call();
                            } catch (Throwable e) {
                                failures.incrementAndGet();
                                if (!expectedFailure.test(e) && unexpected.size() < 20) {
                                    unexpected.add(e);
                                }
                            }
                            calls.incrementAndGet();
                            slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        }
                    },
                    "redkit-outage-probe-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        int threadsPeak = 0;
        long deadline = System.nanoTime() + down.toNanos();
        while (System.nanoTime() < deadline) {
            threadsPeak = Math.max(threadsPeak, threadBean.getThreadCount() - threads);
            EmbeddedRedis.sleep(100);
        }
        stop.set(true);
        for (Thread worker : workers) {
            try {
                worker.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        int threadsAfter = threadBean.getThreadCount();
        long heapAfter = usedHeapAfterGc(memory);

        server.restart();
        long back = System.nanoTime();
        while (true) {
            try {
                workload.call();
                break;
            } catch (Exception notYet) {
                if (System.nanoTime() - back > 60_000_000_000L) {
                    throw new IllegalStateException("no success within 60 s of the server's return", notYet);
                }
                EmbeddedRedis.sleep(10);
            }
        }
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        return new Result(
                down,
                threads,
                calls.get(),
                failures.get(),
                List.copyOf(unexpected),
                Duration.ofNanos(slowestNanos.get()),
                threadsBefore,
                threadsPeak,
                threadsAfter,
                heapBefore,
                heapAfter,
                recovery);
    }

    private static void call(Callable<?> workload, String phase) {
        try {
            workload.call();
        } catch (Exception e) {
            throw new IllegalStateException("workload failed during " + phase, e);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            EmbeddedRedis.sleep(50);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /**
     * What an outage showed.
     *
     * @param down how long the server was down
     * @param threads workload threads
     * @param calls calls made during the outage
     * @param failures calls that failed during the outage
     * @param unexpected up to 20 failures the expected-failure test rejected (or a call that succeeded is not listed)
     * @param slowestCall the longest single call during the outage
     * @param threadsBefore JVM threads before the outage
     * @param threadsPeak most JVM threads seen during the outage, not counting the workload threads
     * @param threadsAfter JVM threads after the workload threads ended
     * @param heapBeforeBytes used heap after GC before the outage
     * @param heapAfterBytes used heap after GC after the outage
     * @param recovery from the server's restart to the first successful call
     */
    public record Result(
            Duration down,
            int threads,
            long calls,
            long failures,
            List<Throwable> unexpected,
            Duration slowestCall,
            int threadsBefore,
            int threadsPeak,
            int threadsAfter,
            long heapBeforeBytes,
            long heapAfterBytes,
            Duration recovery) {

        /** @return a one-line summary for reports */
        public String summary() {
            return String.format(
                    "%d s down, %d threads: %d calls, %d failed (%d unexpected), slowest %d ms;"
                            + " JVM threads %d before, %d peak, %d after; heap %.1f MB before, %.1f MB after; first success %d ms after restart",
                    down.toSeconds(),
                    threads,
                    calls,
                    failures,
                    unexpected.size(),
                    slowestCall.toMillis(),
                    threadsBefore,
                    threadsPeak,
                    threadsAfter,
                    heapBeforeBytes / 1048576.0,
                    heapAfterBytes / 1048576.0,
                    recovery.toMillis());
        }

        /**
         * Checks the promises every component makes about an outage: only expected failures; no call slower
         * than the bound; JVM threads back within 2 of the start and never more than 4 above it; heap within
         * 32 MB of the start; the first success within 5 s of the restart.
         *
         * @param slowestCallBoundMillis the longest a single call may take
         * @throws AssertionError naming the first broken promise, with the {@link #summary()}
         */
        public void assertFlatAndRecovered(long slowestCallBoundMillis) {
            check(unexpected.isEmpty(), "unexpected failures " + unexpected);
            check(
                    slowestCall.toMillis() < slowestCallBoundMillis,
                    "a call took longer than " + slowestCallBoundMillis + " ms");
            check(threadsAfter <= threadsBefore + 2, "threads did not come back down");
            check(threadsPeak <= threadsBefore + 4, "threads grew during the outage");
            check(heapAfterBytes < heapBeforeBytes + 32L * 1024 * 1024, "heap grew by 32 MB or more");
            check(recovery.toMillis() < 5000, "no success within 5 s of the restart");
        }

        private void check(boolean promise, String broken) {
            if (!promise) {
                throw new AssertionError(broken + ": " + summary());
            }
        }
    }
}
