package dev.redkit.queue.internal;

import dev.redkit.core.Codec;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.ReplicaAck;
import dev.redkit.queue.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one queue, as built by {@link dev.redkit.queue.ReliableQueueBuilder}.
 *
 * @param connector the connector
 * @param name the queue name
 * @param codec the job codec
 * @param visibilityTimeout the lease length
 * @param maxAttempts claims before dead-lettering
 * @param backoff retry delays
 * @param clock the client clock
 * @param meterRegistry the registry, or null
 * @param maxPayloadBytes the largest encoded job
 * @param idempotencyWindow the TTL of the idempotency marker of an explicit id
 * @param pollInterval the longest idle block
 * @param replicaAck the replica confirmation that enqueue and ack wait for; {@link ReplicaAck#none()} for none
 * @param deadLetterMaxCount the most dead letters kept
 * @param deadLetterMaxAge the longest a dead letter is kept
 * @param <T> the job type
 */
public record QueueSettings<T>(
        RedisConnector connector,
        String name,
        Codec<T> codec,
        Duration visibilityTimeout,
        int maxAttempts,
        Backoff backoff,
        Clock clock,
        @Nullable MeterRegistry meterRegistry,
        int maxPayloadBytes,
        Duration idempotencyWindow,
        Duration pollInterval,
        ReplicaAck replicaAck,
        int deadLetterMaxCount,
        Duration deadLetterMaxAge) {}
