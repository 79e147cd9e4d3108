package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.time.Duration;

/**
 * How many replicas must confirm a write before a strict-mode component reports it done: the Redis
 * {@code WAIT numreplicas timeout} command, sent on the connection that made the write, in the same round
 * trip (see {@link RedisOps#executeAcknowledged(RedisCommand, ReplicaAck)}).
 *
 * <p>Redis replication is asynchronous: a write the primary acknowledged can be lost when a replica that
 * had not yet received it is promoted. A write that {@code replicas} replicas confirmed survives the
 * failure of the primary as long as one of those replicas is promoted (Sentinel and Cluster promote the
 * most up-to-date replica they can reach). It is still not a consensus write: {@code WAIT} does not make
 * Redis strongly consistent, and the write is not rolled back when too few replicas confirm it in time.
 *
 * <p>{@link #none()} (the default of every component) sends no {@code WAIT}. Instances are immutable.
 *
 * <!-- snippet: CoreSnippets#replicaAck -->
 * <pre>{@code
 * RedisLock lock = RedisLock.builder(connector, "payouts")
 *         .replicaAck(ReplicaAck.of(1, Duration.ofMillis(50)))
 *         .build();
 * }</pre>
 *
 * @param replicas how many replicas must confirm; 0 means no {@code WAIT}
 * @param timeout how long the server waits for them; zero when {@code replicas} is 0
 */
public record ReplicaAck(int replicas, Duration timeout) {

    private static final ReplicaAck NONE = new ReplicaAck(0, Duration.ZERO);

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if {@code replicas} is negative, or {@code replicas} is positive and
     *     {@code timeout} is not at least one millisecond (a {@code WAIT} timeout of 0 would block forever)
     * @throws NullPointerException if {@code timeout} is null
     */
    public ReplicaAck {
        Checks.notNull(timeout, "timeout");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
        if (replicas > 0) {
            Checks.positiveMillis(timeout, "timeout");
        }
    }

    /** @return no acknowledgement: writes complete when the primary applied them (Redis's default) */
    public static ReplicaAck none() {
        return NONE;
    }

    /**
     * A requirement of {@code replicas} confirmations within {@code timeout}.
     *
     * @param replicas at least 1
     * @param timeout at least one millisecond, and shorter than the connector's socket timeout (checked
     *     by {@link #requireFits(RedisConfig, String)})
     * @return the requirement
     * @throws IllegalArgumentException if {@code replicas} is below 1 or {@code timeout} below 1 ms
     */
    public static ReplicaAck of(int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
        }
        return new ReplicaAck(replicas, timeout);
    }

    /** @return whether a {@code WAIT} is sent */
    public boolean required() {
        return replicas > 0;
    }

    /**
     * Checks that the server's wait ends before the client gives up on the reply, so that a missing
     * confirmation is reported as such and not as a timeout.
     *
     * @param config the connector's configuration
     * @param parameterName the builder parameter to name in the message
     * @return this
     * @throws IllegalArgumentException if {@code timeout} is not shorter than {@link RedisConfig#socketTimeout()}
     */
    public ReplicaAck requireFits(RedisConfig config, String parameterName) {
        if (required() && timeout.compareTo(config.socketTimeout()) >= 0) {
            throw new IllegalArgumentException(
                    parameterName + ".timeout (" + timeout.toMillis() + " ms) must be shorter than the socket timeout ("
                            + config.socketTimeout().toMillis() + " ms)");
        }
        return this;
    }

    @Override
    public String toString() {
        return required() ? "ReplicaAck[" + replicas + " within " + timeout.toMillis() + " ms]" : "ReplicaAck[none]";
    }
}
