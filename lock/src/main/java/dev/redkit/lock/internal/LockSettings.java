package dev.redkit.lock.internal;

import dev.redkit.core.ReplicaAck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of one {@code RedisLock}, built by its builder.
 *
 * @param name the instance name (an identifier)
 * @param leaseTime the lease time, at least one millisecond
 * @param watchdog whether leases are renewed automatically
 * @param fencingCounterTtl the fencing counter's TTL, or {@code null} for none
 * @param maxRetryInterval the longest sleep of a waiting acquire between attempts
 * @param clock the client clock for lease deadlines
 * @param replicaAck the replica confirmation acquire and extend wait for
 * @param meterRegistry the registry, or {@code null}
 */
public record LockSettings(
        String name,
        Duration leaseTime,
        boolean watchdog,
        @Nullable Duration fencingCounterTtl,
        Duration maxRetryInterval,
        Clock clock,
        ReplicaAck replicaAck,
        @Nullable MeterRegistry meterRegistry) {

    @Override
    public String toString() {
        return "name=" + name + ", leaseTime=" + leaseTime + ", watchdog=" + watchdog
                + ", fencingCounterTtl=" + (fencingCounterTtl == null ? "none" : fencingCounterTtl)
                + ", maxRetryInterval=" + maxRetryInterval + ", clock=" + clock + ", replicaAck=" + replicaAck
                + ", metrics=" + (meterRegistry != null);
    }
}
