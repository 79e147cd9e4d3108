package dev.redkit.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link RedisConnector#health()}.
 *
 * @param up whether Redis answered {@code PING}
 * @param latency the round trip of the {@code PING}, or the time until it failed
 * @param serverVersion {@code redis_version} from {@code INFO server}, or {@code null} when down
 * @param topology the configured topology
 * @param error why Redis is considered down, or {@code null} when up; never contains a password
 */
public record RedisHealth(
        boolean up,
        Duration latency,
        @Nullable String serverVersion,
        Topology topology,
        @Nullable String error) {}
