package dev.redkit.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A loader that counts its calls, optionally sleeping to make a load take time. */
final class CountingLoader implements Function<String, Merchant> {

    final AtomicInteger calls = new AtomicInteger();
    private final long sleepMillis;
    private volatile int rating = 1;

    CountingLoader(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    void rating(int rating) {
        this.rating = rating;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public Merchant apply(String slug) {
        calls.incrementAndGet();
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Merchant(slug, rating);
    }
}
