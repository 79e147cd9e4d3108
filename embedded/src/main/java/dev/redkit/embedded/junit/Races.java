package dev.redkit.embedded.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on many threads released at the same instant, for tests of concurrency claims ("exactly one
 * verify succeeds", "one loader call for 40 readers"): every thread waits at a latch until all are ready, so the
 * calls overlap as much as the machine allows.
 *
 * <!-- snippet: EmbeddedSnippets#races -->
 * <pre>{@code
 * List<OtpResult> results = Races.race(100, () -> otp.verify("login", phone, code));
 * assertThat(results).filteredOn(r -> r.status() == Status.VERIFIED).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe; each call uses its own threads and shuts them down before it returns.
 */
public final class Races {

    /** How long one racer may take before the race fails. */
    private static final long TIMEOUT_SECONDS = 60;

    private Races() {}

    /**
     * @param threads how many threads run {@code task} at once, at least 1
     * @param task the task every thread runs once
     * @param <T> the task's result
     * @return the results, one per thread, in submission order
     * @throws Exception the first exception a task threw (wrapped in an {@code ExecutionException}), or a
     *     {@code TimeoutException} when a task ran for more than 60 seconds
     */
    public static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
