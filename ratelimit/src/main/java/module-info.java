/**
 * Redkit rate limiting: fixed window, sliding window (weighted counter or exact log) and GCRA limiters
 * on Redis, each decision one atomic Lua script and one round trip. Only {@code dev.redkit.ratelimit} is
 * exported.
 */
module dev.redkit.ratelimit {
    requires transitive dev.redkit.core;
    requires org.slf4j;

    exports dev.redkit.ratelimit;

    opens dev.redkit.ratelimit.internal to
            dev.redkit.core;
}
