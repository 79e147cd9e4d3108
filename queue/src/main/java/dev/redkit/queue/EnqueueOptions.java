package dev.redkit.queue;

import dev.redkit.core.KeySpace;
import dev.redkit.core.spi.Checks;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Options of one {@link ReliableQueue#enqueue(Object, EnqueueOptions)} call: when the job may run, its
 * id (for idempotent enqueue) and its priority. Immutable and thread-safe; each method returns a copy.
 * <!-- snippet: QueueSnippets#enqueueOptions -->
 * <pre>{@code
 * EnqueueOptions.delay(Duration.ofMinutes(5)).id("order-1234-confirmation");
 * EnqueueOptions.runAt(Instant.parse("2026-12-24T18:00:00Z")).priority(9);
 * EnqueueOptions.immediate().id("sms-77");
 * }</pre>
 */
public final class EnqueueOptions {

    private static final EnqueueOptions IMMEDIATE = new EnqueueOptions(Duration.ZERO, null, null, 0);

    /** The delay, or null when {@link #runAt} is set. */
    private final @Nullable Duration delay;
    /** The run time, or null when {@link #delay} is set. */
    private final @Nullable Instant runAt;
    /** The caller-given id, or null for a generated one. */
    private final @Nullable String id;

    private final int priority;

    private EnqueueOptions(@Nullable Duration delay, @Nullable Instant runAt, @Nullable String id, int priority) {
        this.delay = delay;
        this.runAt = runAt;
        this.id = id;
        this.priority = priority;
    }

    /**
     * Runs as soon as a worker is free, with a generated id and priority 0.
     *
     * @return the options
     */
    public static EnqueueOptions immediate() {
        return IMMEDIATE;
    }

    /**
     * Runs no sooner than {@code delay} after the enqueue (measured with the producer's clock).
     *
     * @param delay zero or positive
     * @return the options
     * @throws IllegalArgumentException if the delay is null or negative
     */
    public static EnqueueOptions delay(Duration delay) {
        Checks.notNegative(delay, "delay");
        return new EnqueueOptions(delay, null, null, 0);
    }

    /**
     * Runs no sooner than the given instant (compared with the workers' clocks); an instant in the past
     * runs at once.
     *
     * @param runAt the instant, not null
     * @return the options
     * @throws IllegalArgumentException if the instant is null
     */
    public static EnqueueOptions runAt(Instant runAt) {
        Checks.notNull(runAt, "runAt");
        return new EnqueueOptions(null, runAt, null, 0);
    }

    /**
     * Sets the job id. A second enqueue with the same id is not stored while the job is still known to
     * the queue or within the queue's idempotency window after it was enqueued.
     *
     * @param id 1 to {@value KeySpace#MAX_PART_LENGTH} characters, any text
     * @return a copy with the id
     * @throws IllegalArgumentException if the id is null, empty or too long
     */
    public EnqueueOptions id(String id) {
        KeySpace.checkPart(id, "id");
        return new EnqueueOptions(delay, runAt, id, priority);
    }

    /**
     * Sets the priority: among ready jobs, a higher priority is claimed first; equal priorities are
     * claimed in the order they became ready.
     *
     * @param priority 0 (the default) to 9
     * @return a copy with the priority
     * @throws IllegalArgumentException if out of range
     */
    public EnqueueOptions priority(int priority) {
        Checks.between(priority, 0, 9, "priority");
        return new EnqueueOptions(delay, runAt, id, priority);
    }

    /** @return the id, or {@code null} for a generated one */
    public @Nullable String id() {
        return id;
    }

    /** @return the priority, 0 to 9 */
    public int priority() {
        return priority;
    }

    /**
     * The run time for a given enqueue time.
     *
     * @param now the producer's current time
     * @return the earliest time the job may run
     */
    public Instant runTime(Instant now) {
        return runAt != null ? runAt : now.plus(Checks.notNull(delay, "delay"));
    }

    @Override
    public String toString() {
        return "EnqueueOptions{" + (runAt != null ? "runAt=" + runAt : "delay=" + delay)
                + (id != null ? ", id=" + id : "") + ", priority=" + priority + '}';
    }
}
