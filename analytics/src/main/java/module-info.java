/**
 * Redkit analytics: time-bucketed counters, unique counts (HyperLogLog), trending with time decay,
 * active users and dashboard snapshots on Redis. Only {@code dev.redkit.analytics} is exported.
 */
module dev.redkit.analytics {
    requires transitive dev.redkit.core;

    exports dev.redkit.analytics;

    opens dev.redkit.analytics.internal to
            dev.redkit.core;
}
