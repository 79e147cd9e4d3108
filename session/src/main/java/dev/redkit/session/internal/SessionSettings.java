package dev.redkit.session.internal;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.SecretHasher;
import dev.redkit.session.MaxSessionsPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of a session store (validated by the builder).
 *
 * @param connector the connector
 * @param name the store name
 * @param idleTimeout the idle timeout
 * @param absoluteTimeout the absolute timeout
 * @param touchInterval how long after the last write a {@code get} writes last-seen and expiry again
 * @param maxSessionsPerUser the per-user limit
 * @param policy the policy at the limit
 * @param maxAttributeBytes the attribute size limit
 * @param hasher the token hasher
 * @param clock the clock
 * @param meterRegistry the registry or null
 */
public record SessionSettings(
        RedisConnector connector,
        String name,
        Duration idleTimeout,
        Duration absoluteTimeout,
        Duration touchInterval,
        int maxSessionsPerUser,
        MaxSessionsPolicy policy,
        int maxAttributeBytes,
        SecretHasher hasher,
        Clock clock,
        @Nullable MeterRegistry meterRegistry) {

    @Override
    public String toString() {
        return "name=" + name + ", idleTimeout=" + idleTimeout + ", absoluteTimeout=" + absoluteTimeout
                + ", touchInterval=" + touchInterval
                + ", maxSessionsPerUser=" + maxSessionsPerUser + ", policy=" + policy
                + ", maxAttributeBytes=" + maxAttributeBytes + ", hasher=" + hasher + ", clock=" + clock;
    }
}
