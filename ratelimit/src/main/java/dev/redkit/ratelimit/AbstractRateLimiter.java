package dev.redkit.ratelimit;

import dev.redkit.ratelimit.internal.LimiterEngine;
import java.util.List;

/** What the three public limiter types share: everything but their algorithm's documentation. */
abstract class AbstractRateLimiter implements RateLimiter {

    private final LimiterEngine engine;

    AbstractRateLimiter(LimiterEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public List<Limit> limits() {
        return engine.limits();
    }

    /** @return what this limiter answers when Redis cannot decide */
    public FailurePolicy failurePolicy() {
        return engine.failurePolicy();
    }

    @Override
    public RateLimitDecision tryAcquire(String key, long permits) {
        return engine.tryAcquire(key, permits);
    }

    @Override
    public RateLimitDecision peek(String key) {
        return engine.peek(key);
    }

    @Override
    public void reset(String key) {
        engine.reset(key);
    }

    @Override
    public String toString() {
        return engine.describe(getClass().getSimpleName());
    }
}
