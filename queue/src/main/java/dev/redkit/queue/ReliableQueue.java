package dev.redkit.queue;

import dev.redkit.core.Codec;
import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An at-least-once job queue on Redis: an accepted job is never lost; it is completed, retried with
 * backoff, or moved to a dead-letter set after {@code maxAttempts}, where it stays until it is replayed,
 * purged, or deleted by the retention ({@link ReliableQueueBuilder#deadLetterRetention(int, Duration)}: by default the
 * newest 10,000 letters, none older than 7 days).
 * <!-- snippet: QueueSnippets#reliableQueue -->
 * <pre>{@code
 * ReliableQueue<EmailJob> emails = ReliableQueue.builder(connector, "emails", EmailJob.class)
 *         .visibilityTimeout(Duration.ofSeconds(30))
 *         .maxAttempts(5)
 *         .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10))
 *                 .withJitter())
 *         .build();
 * emails.enqueue(job);
 * emails.enqueue(job, EnqueueOptions.delay(Duration.ofMinutes(5)).id("order-1234-confirmation"));
 * try (Worker w = emails.worker(this::send).concurrency(8).start()) {
 *     serveUntilShutdown();
 * } // close() drains gracefully
 * }</pre>
 *
 * <h2>Lifecycle of a job</h2>
 * {@code enqueue} stores the job (waiting, or delayed until its run time). A claim moves it to the
 * in-flight set with a lease deadline (now plus the visibility timeout) and a fresh owner token, and
 * counts the attempt. The owner then acks (job deleted), nacks (retry after backoff, or dead letter after
 * the last attempt) or releases it; each of these checks the token, so a worker whose lease lapsed cannot
 * disturb the one that took over. Recovery returns lapsed leases to the waiting set (the attempt stays
 * counted; a lapsed last attempt is dead-lettered); it runs with the promotion of due delayed jobs in the
 * housekeeping part of a claim, which every worker runs at least once per poll interval (and {@link #poll()}
 * and {@link #recover()} every time), so no separate process is needed and a lapsed lease waits at most one
 * poll interval. A worker acks the jobs its handlers finished together, and claims as many next ones, in one
 * call without it; a failed job is nacked and the next one claimed in one call the same way.
 *
 * <h2>Atomicity and round trips</h2>
 * Every state change is one Lua script over keys that share the queue's hash tag (one round trip, one
 * Cluster slot): enqueue, claim, ack, nack, extend, release, stats, replay and purge. In strict mode
 * ({@link ReliableQueueBuilder#replicaAck}) enqueue and ack send {@code WAIT} behind the script in the same round trip and
 * report a write too few replicas confirmed with {@link dev.redkit.core.ReplicaAckException}. Concurrent
 * {@link #enqueue} calls on one instance are group-committed: a caller that finds no enqueue in flight sends at
 * once, and callers that arrive meanwhile go out together in one script call when it returns, each with its own
 * options, result and exception (see {@link #enqueue(Object, EnqueueOptions)}).
 *
 * <h2>Fetching</h2>
 * An idle worker blocks on a wake-up list ({@code BLPOP}, at most the poll interval, or until the next
 * delayed job or lease deadline is due) and then runs the claim script; the token it pops carries no job,
 * so a worker that dies between the pop and the claim loses nothing (see the package documentation for
 * why this was chosen over {@code BZPOPMIN}, {@code BLMOVE} or streams).
 *
 * <h2>Re-sent commands (Cluster)</h2>
 * On Cluster a command whose reply timed out may be sent again (see {@code RedisConfig}). A re-sent enqueue
 * is a no-op (same id, the idempotency marker exists). A re-sent ack, nack, extend or release finds the token
 * gone and reports a lost lease; the first run took effect. A claim whose reply was lost (a worker's
 * ack-and-claim call included) leaves its jobs in flight, unseen by anyone, until their lease lapses;
 * recovery then returns them with that attempt counted.
 *
 * <h2>Clocks</h2>
 * Run times, lease deadlines and backoff are computed with the injected {@link Clock} of the instance that
 * writes them (default {@link Clock#systemUTC()}) and compared with the clock of the instance that claims;
 * keep the clocks of all instances within a small fraction of the visibility timeout (NTP). The
 * idempotency window is a Redis TTL, so Redis's clock governs its end.
 *
 * <p>Implementations are thread-safe; share one instance per queue name.
 *
 * @param <T> the job type
 */
public interface ReliableQueue<T> {

    /**
     * Starts a builder for a queue of JSON-encoded jobs.
     *
     * @param connector the connector
     * @param name the queue name, an identifier ({@code [a-z0-9][a-z0-9._-]*}, at most 64 characters)
     * @param type the job class
     * @param <T> the job type
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static <T> ReliableQueueBuilder<T> builder(RedisConnector connector, String name, Class<T> type) {
        Checks.notNull(type, "type");
        return new ReliableQueueBuilder<>(connector, name, Codecs.json(type));
    }

    /**
     * Starts a builder with a custom codec.
     *
     * @param connector the connector
     * @param name the queue name, an identifier
     * @param codec the job codec
     * @param <T> the job type
     * @return a builder
     * @throws IllegalArgumentException if an argument is null or the name is not an identifier
     */
    static <T> ReliableQueueBuilder<T> builder(RedisConnector connector, String name, Codec<T> codec) {
        return new ReliableQueueBuilder<>(connector, name, codec);
    }

    /** @return the queue name */
    String name();

    /**
     * Enqueues a job to run as soon as possible, under a generated id. One round trip.
     *
     * @param job the job, not null
     * @return the generated id ({@code created} is always true)
     * @throws IllegalArgumentException if the job is null or its encoding exceeds the payload limit
     * @throws dev.redkit.core.CodecException if the job cannot be encoded
     * @throws dev.redkit.core.ReplicaAckException in strict mode ({@link ReliableQueueBuilder#replicaAck}), when the job was
     *     stored on the primary but too few replicas confirmed it in time; a retry creates a second job, so
     *     enqueue with an explicit id where that matters
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; the job may or may not
     *     have been stored
     */
    EnqueueResult enqueue(T job);

    /**
     * Enqueues a job with options: delay or run time, id, priority. One round trip, atomic; idempotent by
     * id (see {@link EnqueueOptions#id(String)}), which also makes a Cluster re-send harmless.
     *
     * <p>Calls from several threads on this instance share round trips (group commit): a call that finds no
     * enqueue in flight sends its job at once; calls that arrive while one is in flight wait for it and then go
     * out together in one script call of up to 500 jobs and 256 KiB of payload. The result is the same as if each had been sent alone:
     * its own options and id rule (of two calls with one id, one creates the job), its own {@link EnqueueResult},
     * and when the shared call fails its own exception of the type below (a {@code ReplicaAckException} whose
     * {@code reply()} is its own job's). A call waits for the call in flight and its own (and the batches queued
     * ahead of it, when more than one batch's worth is waiting).
     *
     * @param job the job, not null
     * @param options the options, not null
     * @return the id and whether a job was created
     * @throws IllegalArgumentException if an argument is null or the encoding exceeds the payload limit
     * @throws dev.redkit.core.CodecException if the job cannot be encoded
     * @throws dev.redkit.core.ReplicaAckException in strict mode ({@link ReliableQueueBuilder#replicaAck}), when the job was
     *     stored on the primary (or found there, for a repeated id) but too few replicas confirmed it in time;
     *     retry with the same id until the call returns to know the job is replicated
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; retry with the same id
     *     to be sure the job is stored exactly once
     */
    EnqueueResult enqueue(T job, EnqueueOptions options);

    /**
     * Enqueues jobs to run as soon as possible, each under a generated id, in one round trip per 500 jobs.
     * Same as {@link #enqueueAll(List, Function)} with {@link EnqueueOptions#immediate()} for every job.
     *
     * @param jobs the jobs, none null
     * @return one result per job, in order ({@code created} is always true)
     * @throws IllegalArgumentException if the list or a job is null or an encoding exceeds the payload limit;
     *     nothing is stored then
     * @throws dev.redkit.core.CodecException if a job cannot be encoded; nothing is stored then
     * @throws dev.redkit.core.ReplicaAckException in strict mode, as for {@link #enqueue(Object)}: the batch
     *     that was not confirmed and every earlier one are stored, later ones are not
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; earlier batches are stored,
     *     the failing one may or may not be
     */
    List<EnqueueResult> enqueueAll(List<? extends T> jobs);

    /**
     * Enqueues jobs, each with its own options (delay or run time, id, priority), with the same validation
     * and the same idempotency per id as {@link #enqueue(Object, EnqueueOptions)}. Every job is encoded and
     * checked before anything is sent; then each batch of up to 500 jobs is stored by one atomic script call
     * (a queue lives in one Cluster slot, so one call per batch), which pushes at most one wake-up token.
     * A repeated id, in Redis or earlier in the same list, gives {@code created == false}.
     * <!-- snippet: QueueSnippets#reliableQueueEnqueueAll -->
     * <pre>{@code
     * queue.enqueueAll(orders, o -> EnqueueOptions.immediate().id("confirm-" + o.id()));
     * }</pre>
     *
     * @param jobs the jobs, none null
     * @param options gives each job its options, never null
     * @return one result per job, in order
     * @throws IllegalArgumentException if an argument, a job or its options are null, or an encoding exceeds
     *     the payload limit (the message names the index); nothing is stored then
     * @throws dev.redkit.core.CodecException if a job cannot be encoded; nothing is stored then
     * @throws dev.redkit.core.ReplicaAckException in strict mode, when a batch was stored on the primary but
     *     too few replicas confirmed it; earlier batches are confirmed, later ones are not sent. Retrying the
     *     whole list with the same ids is safe
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached; earlier batches are stored,
     *     the failing one may or may not be; retry with the same ids to store each job exactly once
     */
    List<EnqueueResult> enqueueAll(List<? extends T> jobs, Function<? super T, EnqueueOptions> options);

    /**
     * Claims one job without blocking, for callers that drive processing themselves. Also runs recovery.
     * A job whose payload cannot be decoded is dead-lettered and skipped.
     *
     * @return the delivery, or empty when no job is ready
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Optional<Delivery<T>> poll();

    /**
     * Configures a worker that passes each job and its {@link JobContext} to the handler.
     *
     * @param handler the handler, not null
     * @return a builder; call {@link Worker.Builder#start()}
     * @throws IllegalArgumentException if the handler is null
     */
    Worker.Builder worker(JobHandler<T> handler);

    /**
     * Configures a worker with a handler that needs no context.
     *
     * @param handler the handler, not null; throwing fails the attempt
     * @return a builder
     * @throws IllegalArgumentException if the handler is null
     */
    Worker.Builder worker(Consumer<? super T> handler);

    /**
     * Runs one recovery step now: promotes due delayed jobs and returns lapsed leases. Workers do this on
     * their own; this is for operators and tests.
     *
     * @return how many jobs moved
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    int recover();

    /**
     * Reads the queue's sizes in one round trip.
     *
     * @return the sizes
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    QueueStats stats();

    /**
     * Lists dead letters, oldest first. One round trip.
     *
     * @param offset how many to skip, 0 or more
     * @param limit how many at most, 1 to 1000
     * @return the dead letters
     * @throws IllegalArgumentException if an argument is out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    List<DeadLetter<T>> deadLetters(int offset, int limit);

    /**
     * Moves one dead letter back to the waiting set with its attempts reset.
     *
     * @param id the job id
     * @return true if it was in the dead-letter set
     * @throws IllegalArgumentException if the id is null, empty or too long
     */
    boolean replayDeadLetter(String id);

    /**
     * Moves every dead letter back to the waiting set, in batches of 1000 (one round trip each).
     *
     * @return how many were moved
     */
    long replayDeadLetters();

    /**
     * Deletes one dead letter.
     *
     * @param id the job id
     * @return true if it was in the dead-letter set
     * @throws IllegalArgumentException if the id is null, empty or too long
     */
    boolean purgeDeadLetter(String id);

    /**
     * Deletes every dead letter, in batches of 1000.
     *
     * @return how many were deleted
     */
    long purgeDeadLetters();

    /**
     * A bridge that moves jobs from a plain Redis list into this queue (see {@link ListBridge}).
     *
     * @param sourceList the full name of the list other services push to, for example {@code queue:emails};
     *     it is not under Redkit's key prefix
     * @return the bridge, not started
     * @throws IllegalArgumentException if the name is empty or has an empty hash tag <code>{}</code>
     */
    ListBridge listBridge(String sourceList);
}
