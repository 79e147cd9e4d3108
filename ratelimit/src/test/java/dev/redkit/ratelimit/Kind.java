package dev.redkit.ratelimit;

import dev.redkit.core.RedisConnector;

/** Every algorithm, so that each behavioural test runs against all of them. */
enum Kind {
    FIXED_WINDOW {
        @Override
        RateLimiter create(RateLimiterBuilder b, Limit... limits) {
            return b.fixedWindow(limits);
        }
    },
    SLIDING_WINDOW {
        @Override
        RateLimiter create(RateLimiterBuilder b, Limit... limits) {
            return b.slidingWindow(limits);
        }
    },
    SLIDING_LOG {
        @Override
        RateLimiter create(RateLimiterBuilder b, Limit... limits) {
            return b.slidingLog(limits);
        }
    },
    GCRA {
        @Override
        RateLimiter create(RateLimiterBuilder b, Limit... limits) {
            return b.gcra(limits);
        }
    };

    abstract RateLimiter create(RateLimiterBuilder b, Limit... limits);

    RateLimiter create(RedisConnector connector, String name, Limit... limits) {
        return create(RateLimiter.builder(connector, name), limits);
    }
}
