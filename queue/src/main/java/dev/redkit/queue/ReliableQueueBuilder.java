package dev.redkit.queue;

import dev.redkit.core.Codec;
import dev.redkit.core.EvictionCheck;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.queue.internal.QueueImpl;
import dev.redkit.queue.internal.QueueSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ReliableQueue}. Every setter validates at once and names the field. Not thread-safe.
 *
 * @param <T> the job type
 */
public final class ReliableQueueBuilder<T> {
    private final RedisConnector connector;
    private final SetOnce<Duration> visibilityTimeout =
            SetOnce.withDefault("visibilityTimeout", Duration.ofSeconds(30));
    private final SetOnce<Integer> maxAttempts = SetOnce.withDefault("maxAttempts", 5);
    private final SetOnce<Backoff> backoff = SetOnce.withDefault(
            "backoff",
            Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10)).withJitter());
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");
    private final SetOnce<Integer> maxPayloadBytes = SetOnce.withDefault("maxPayloadBytes", 1 << 20);
    private final SetOnce<Duration> idempotencyWindow = SetOnce.withDefault("idempotencyWindow", Duration.ofHours(24));
    private final SetOnce<Duration> pollInterval = SetOnce.withDefault("pollInterval", Duration.ofSeconds(2));
    private final SetOnce<EvictionCheck> evictionCheck = SetOnce.withDefault("evictionCheck", EvictionCheck.WARN);
    private final SetOnce<ReplicaAck> replicaAck = SetOnce.withDefault("replicaAck", ReplicaAck.none());
    private final String name;
    private final Codec<T> codec;
    private final SetOnce<DeadLetterRetention> deadLetterRetention =
            SetOnce.withDefault("deadLetterRetention", new DeadLetterRetention(10_000, Duration.ofDays(7)));

    ReliableQueueBuilder(RedisConnector connector, String name, Codec<T> codec) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(name, "name");
        this.codec = Checks.notNull(codec, "codec");
    }

    /**
     * How long a claimed job stays invisible to other workers without an extension; default 30 s.
     * Workers extend it every third of this while the handler runs.
     *
     * @param timeout at least 100 ms
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 100 ms
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> visibilityTimeout(Duration timeout) {
        Checks.positive(timeout, "visibilityTimeout");
        if (timeout.toMillis() < 100) {
            throw new IllegalArgumentException("visibilityTimeout must be at least 100ms, was " + timeout);
        }
        this.visibilityTimeout.set(timeout);
        return this;
    }

    /**
     * How many times a job is claimed before it is dead-lettered; default 5.
     *
     * @param attempts 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> maxAttempts(int attempts) {
        this.maxAttempts.set((int) Checks.between(attempts, 1, 1000, "maxAttempts"));
        return this;
    }

    /**
     * The delay before a retry; default exponential from 1 s to 10 min with jitter.
     *
     * @param backoff the backoff, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> backoff(Backoff backoff) {
        this.backoff.set(Checks.notNull(backoff, "backoff"));
        return this;
    }

    /**
     * The clock for run times, lease deadlines and timestamps; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock, not null
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * The Micrometer registry; default the connector's. Null records nothing.
     *
     * @param registry the registry, or null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
        return this;
    }

    /**
     * The largest encoded job accepted by {@code enqueue}; default 1 MiB.
     *
     * @param bytes 1 to 64 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> maxPayloadBytes(int bytes) {
        this.maxPayloadBytes.set((int) Checks.between(bytes, 1, 64L << 20, "maxPayloadBytes"));
        return this;
    }

    /**
     * How long after an enqueue with an explicit id a second enqueue with that id is ignored, even if the
     * first job has completed; default 24 h (a Redis TTL). While a job is still queued, in flight or
     * dead-lettered its id is refused regardless.
     *
     * @param window at least 1 s
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 1 s
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> idempotencyWindow(Duration window) {
        Checks.positive(window, "idempotencyWindow");
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException("idempotencyWindow must be at least 1s, was " + window);
        }
        this.idempotencyWindow.set(window);
        return this;
    }

    /**
     * The longest an idle worker blocks before it claims again (which also runs recovery); default 2 s.
     * It must be shorter than the connector's {@code blockingSocketTimeout}.
     *
     * @param interval 10 ms or more
     * @return this builder
     * @throws IllegalArgumentException if null, shorter than 10 ms, or not below the blocking socket
     *     timeout
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> pollInterval(Duration interval) {
        Checks.positive(interval, "pollInterval");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("pollInterval must be at least 10ms, was " + interval);
        }
        Duration limit = connector
                .config()
                .blockingSocketTimeout()
                .minus(connector.config().socketTimeout());
        if (interval.compareTo(limit) >= 0) {
            throw new IllegalArgumentException("pollInterval must be below blockingSocketTimeout - socketTimeout ("
                    + limit + "), was " + interval);
        }
        this.pollInterval.set(interval);
        return this;
    }

    /**
     * How many dead letters are kept, and for how long; default 10,000 letters and 7 days. Whenever a
     * job is dead-lettered (a nack after the last attempt, a poison message, a last lease that lapsed) and
     * in every claim, the same script deletes the oldest dead letters, with their jobs, as many as exceed
     * {@code maxCount} or failed more than {@code maxAge} ago (by the clock of the instance that moved them),
     * at most 100 by a nack and 200 by a claim: bounded work per call, so the set returns to the bound
     * within a few calls when the limits are lowered. A poison stream therefore holds at most
     * {@code maxCount} dead letters (each its payload plus about 200 bytes). A trimmed letter is gone for
     * good, as if purged, and its id can be enqueued again once the idempotency window has passed; the
     * count is {@code redkit.queue.dead_letters_trimmed}.
     *
     * @param maxCount 1 to 10,000,000
     * @param maxAge 1 second to 365 days
     * @return this builder
     * @throws IllegalArgumentException if out of range (the message names {@code maxCount} or
     *     {@code maxAge})
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> deadLetterRetention(int maxCount, Duration maxAge) {
        int count = (int) Checks.between(maxCount, 1, 10_000_000, "maxCount");
        Checks.positive(maxAge, "maxAge");
        if (maxAge.toMillis() < 1000 || maxAge.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("maxAge must be between 1s and 365 days, was " + maxAge);
        }
        this.deadLetterRetention.set(new DeadLetterRetention(count, maxAge));
        return this;
    }

    /**
     * What {@link #build()} does when Redis's {@code maxmemory-policy} can evict the queue's keys
     * ({@code allkeys-*} policies; jobs carry no TTL, so {@code volatile-*} policies can only evict
     * idempotency markers): {@link EvictionCheck#WARN} (the default) logs a warning,
     * {@link EvictionCheck#REFUSE} makes {@code build()} throw, {@link EvictionCheck#OFF} skips the check
     * and its round trip.
     *
     * @param check the check
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> evictionCheck(EvictionCheck check) {
        this.evictionCheck.set(Checks.notNull(check, "evictionCheck"));
        return this;
    }

    /**
     * Strict mode: {@code enqueue} (delayed jobs and the jobs a {@link ListBridge} moves included) and
     * {@code ack} complete only once {@code ack.replicas()} replicas have confirmed the write, asked with
     * {@code WAIT} on the same connection in the same round trip; default {@link ReplicaAck#none()}. It
     * narrows the window in which a failover to a replica that had not yet received a write undoes it; it
     * does not make Redis consistent, and a write too few replicas confirmed is not rolled back.
     * <ul>
     *   <li><b>enqueue</b>: {@link dev.redkit.core.ReplicaAckException} (a
     *       {@link dev.redkit.core.RedisUnavailableException}) means the job <em>is</em> stored on the
     *       primary but not confirmed. Retrying under the same {@link EnqueueOptions#id(String) id} is safe
     *       and stores it once: the retry finds the job and returns {@code created == false}, and it returns
     *       at all only once the replicas hold what the primary held when it ran, the earlier job included
     *       (a duplicate makes one no-op write so that its {@code WAIT} has something to confirm). A job
     *       enqueued under a generated id cannot be retried that way: a second call creates a second job.</li>
     *   <li><b>ack</b>: an unconfirmed ack has deleted the job on the primary, but a failover before the
     *       replicas catch up brings it back in flight, and it runs again once that lease lapses (a duplicate,
     *       within the at-least-once promise). {@link Delivery#ack()} throws the exception to its caller. A
     *       {@link Worker} counts it, logs a warning and goes on: the handler succeeded, so the job is neither
     *       nacked nor retried.</li>
     *   <li><b>not confirmed</b>: claim, nack, extend, release and the operator calls. A nack or release lost
     *       in a failover leaves the job in flight on the promoted replica (or waiting, if the claim was lost
     *       too); recovery retries it, or dead-letters it after its last attempt, once the lease lapses (later
     *       than the backoff, and without the error text). No job is lost that way, so a failure does not pay a {@code WAIT}. A lost claim or
     *       extension can let a second worker run a job that is still running, as without strict mode.</li>
     * </ul>
     * Every confirmed call takes up to {@code ack.timeout()} longer while a replica is slow or gone, and with
     * fewer than {@code ack.replicas()} replicas attached every enqueue and ack fails. Unconfirmed writes are
     * counted by {@code redkit.queue.unconfirmed} (tags {@code name} and {@code operation}: {@code enqueue}
     * or {@code ack}).
     *
     * @param ack the confirmation required, not null; its timeout must be shorter than the connector's
     *     socket timeout, so that a missing confirmation is reported as such and not as a timeout
     * @return this builder
     * @throws IllegalArgumentException if null, or if the timeout is not shorter than the socket timeout
     *     (the message names {@code replicaAck})
     * @throws IllegalStateException if already set
     */
    public ReliableQueueBuilder<T> replicaAck(ReplicaAck ack) {
        Checks.notNull(ack, "replicaAck");
        this.replicaAck.set(ack.requireFits(connector.config(), "replicaAck"));
        return this;
    }

    /**
     * Creates the queue. Nothing is written to Redis until the first call; one round trip
     * ({@code INFO memory}) reads the eviction policy unless the check is {@link EvictionCheck#OFF}, and an
     * unreachable Redis only logs a warning here.
     *
     * @return the queue
     * @throws IllegalStateException under {@link EvictionCheck#REFUSE} when the eviction policy can evict jobs
     */
    public ReliableQueue<T> build() {
        evictionCheck.get().verify(connector, "queue " + name, false);
        MeterRegistry registry = meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry();
        DeadLetterRetention deadLetters = deadLetterRetention.get();
        return new QueueImpl<>(new QueueSettings<>(
                connector,
                name,
                codec,
                visibilityTimeout.get(),
                maxAttempts.get(),
                backoff.get(),
                clock.get(),
                registry,
                maxPayloadBytes.get(),
                idempotencyWindow.get(),
                pollInterval.get(),
                replicaAck.get(),
                deadLetters.maxCount(),
                deadLetters.maxAge()));
    }

    @Override
    public String toString() {
        return "ReliableQueueBuilder{name=" + name + ", codec=" + codec.typeName() + ", " + visibilityTimeout + ", "
                + maxAttempts + ", " + backoff + ", " + maxPayloadBytes + ", " + idempotencyWindow + ", " + pollInterval
                + ", " + evictionCheck + ", " + replicaAck + ", " + deadLetterRetention + '}';
    }

    /** The {@link #deadLetterRetention(int, Duration)} option. */
    private record DeadLetterRetention(int maxCount, Duration maxAge) {
        @Override
        public String toString() {
            return maxCount + " letters, " + maxAge;
        }
    }
}
