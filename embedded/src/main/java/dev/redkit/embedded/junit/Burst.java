package dev.redkit.embedded.junit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Releases a burst of callers at one instant and counts what went wrong: exceptions by message (digits folded to
 * {@code N}) and wrong outcomes by the label the caller returns. Each caller's latency runs from the release to
 * its return, so it includes any wait for a thread. Callers run on an {@link Executor}: one new thread each
 * ({@link #threadPerCaller(ThreadFactory)}, with virtual threads from {@link VirtualThreads#factoryOrPlatform(String)},
 * say), or a fixed pool whose threads take the callers in turn.
 *
 * <!-- snippet: EmbeddedSnippets#burst -->
 * <pre>{@code
 * Executor threads = Burst.threadPerCaller(VirtualThreads.factoryOrPlatform("burst"));
 * Burst.Result r = Burst.run(
 *         10_000,
 *         threads,
 *         Duration.ofMinutes(3),
 *         i -> limiter.tryAcquire("ip-" + (i & 63)).allowed() ? null : "denied");
 * assertThat(r.errors()).as("%s", r.messages()).isZero();
 * }</pre>
 *
 * <p>For tests and benchmarks; each call uses its own threads.
 */
public final class Burst {

    private Burst() {}

    /** One caller's work. */
    @FunctionalInterface
    public interface Caller {
        /**
         * @param i the caller's number, 0 to callers - 1
         * @return {@code null} if all went as expected, else a label of the wrong outcome (such as {@code "denied"})
         * @throws Exception counted as an error
         */
        @Nullable
        String call(int i) throws Exception;
    }

    /**
     * What a burst did.
     *
     * @param callers the callers released
     * @param errors callers that threw
     * @param messages the errors' messages, digits folded to {@code N}, with their counts
     * @param wrongOutcomes the labels callers returned, with their counts
     * @param wall from the release until the last caller returned
     * @param latencyNanos each caller's latency, sorted
     */
    public record Result(
            int callers,
            int errors,
            Map<String, Integer> messages,
            Map<String, Integer> wrongOutcomes,
            Duration wall,
            long[] latencyNanos) {

        /** @return callers completed per second */
        public double callersPerSecond() {
            return callers / (wall.toNanos() / 1e9);
        }

        /**
         * @param fraction such as 0.99
         * @return the latency below which that fraction of the callers returned
         */
        public Duration percentile(double fraction) {
            if (latencyNanos.length == 0) {
                return Duration.ZERO;
            }
            int index = (int) Math.ceil(fraction * latencyNanos.length) - 1;
            return Duration.ofNanos(latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, index))]);
        }

        /** @return the number of wrong outcomes of all labels */
        public int wrongOutcomeCount() {
            return wrongOutcomes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * @param threads where the threads come from
     * @return an executor that starts a new thread for every caller
     */
    public static Executor threadPerCaller(ThreadFactory threads) {
        return r -> threads.newThread(r).start();
    }

    /**
     * Hands {@code callers} callers to the executor, releases them at once and waits for all of them.
     *
     * @param callers how many, at least 1
     * @param threads where the callers run
     * @param timeout the longest the burst may take
     * @param caller the work of each
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the burst did not end within {@code timeout}
     */
    public static Result run(int callers, Executor threads, Duration timeout, Caller caller)
            throws InterruptedException {
        if (callers < 1) {
            throw new IllegalArgumentException("callers must be at least 1, was " + callers);
        }
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> messages = new ConcurrentHashMap<>();
        Map<String, Integer> wrong = new ConcurrentHashMap<>();
        long[] latency = new long[callers];
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(callers);
        long[] release = new long[1];
        for (int i = 0; i < callers; i++) {
            int me = i;
            threads.execute(() -> {
                try {
                    go.await();
                    String outcome = caller.call(me);
                    if (outcome != null) {
                        wrong.merge(outcome, 1, Integer::sum);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.incrementAndGet();
                    messages.merge("interrupted", 1, Integer::sum);
                } catch (Exception e) {
                    errors.incrementAndGet();
                    messages.merge(
                            e.getClass().getSimpleName() + ": "
                                    + String.valueOf(e.getMessage()).replaceAll("\\d+", "N"),
                            1,
                            Integer::sum);
                } finally {
                    latency[me] = System.nanoTime() - release[0];
                    done.countDown();
                }
            });
        }
        release[0] = System.nanoTime();
        go.countDown();
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("the burst of " + callers + " callers did not end within " + timeout + "; "
                    + done.getCount() + " still running");
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - release[0]);
        Arrays.sort(latency);
        return new Result(callers, errors.get(), new TreeMap<>(messages), new TreeMap<>(wrong), wall, latency);
    }
}
