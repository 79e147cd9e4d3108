package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisHealth;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code redkit} health contributor: {@code UP} when Redis answers {@link RedisConnector#health()} and every
 * queue worker is still fetching; {@code DOWN} otherwise, with the error. Details: topology, server version,
 * {@code PING} latency and each worker's state. Never shows a password.
 */
public final class RedkitHealthIndicator implements HealthIndicator {

    private final RedisConnector connector;
    private final Supplier<Map<String, Boolean>> workers;

    RedkitHealthIndicator(RedisConnector connector, Supplier<Map<String, Boolean>> workers) {
        this.connector = connector;
        this.workers = workers;
    }

    @Override
    public Health health() {
        RedisHealth h = connector.health();
        Map<String, Boolean> status = workers.get();
        boolean workersUp = !status.containsValue(Boolean.FALSE);
        Health.Builder b = h.up() && workersUp ? Health.up() : Health.down();
        b.withDetail("topology", h.topology().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("latencyMillis", h.latency().toNanos() / 1_000_000.0);
        if (h.serverVersion() != null) {
            b.withDetail("version", h.serverVersion());
        }
        if (h.error() != null) {
            b.withDetail("error", h.error());
        }
        if (!status.isEmpty()) {
            b.withDetail("workers", status);
        }
        return b.build();
    }
}
