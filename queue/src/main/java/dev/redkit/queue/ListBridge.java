package dev.redkit.queue;

/**
 * Moves jobs that other services push onto a plain Redis list (for example {@code RPUSH queue:emails
 * <json>}) into a {@link ReliableQueue}, without loss if the bridge stops at any point.
 *
 * <p>Each batch takes three round trips:
 * <ol>
 *   <li>a script in the source list's slot moves up to a batch of items from the source list to a staging
 *       list beside it, each tagged with a sequence number (skipped when items are already staged: a
 *       bridge that stopped midway is resumed first);</li>
 *   <li>the staged items are enqueued with ids {@code bridge-<source>-<sequence>}, one enqueue script per
 *       item in one pipeline (the ids make a repeated enqueue after a crash a no-op within the queue's
 *       idempotency window); in strict mode ({@link ReliableQueueBuilder#replicaAck}) one enqueue and its
 *       {@code WAIT} per item instead, each confirmed before step 3 may remove it;</li>
 *   <li>a script removes the enqueued items from the head of the staging list.</li>
 * </ol>
 * The staging list is built as <code>{tag}:...</code> with the source's hash tag, so steps 1 and 3 work
 * on Cluster for any source key; the source list may live in another slot than the queue. Items are
 * copied as bytes: an item the queue's codec cannot read becomes a dead letter when a worker claims it.
 * Thread-safe; several bridges (in several processes) may drain the same source.
 */
public interface ListBridge extends AutoCloseable {

    /**
     * Moves one batch now.
     *
     * @return how many items were enqueued or found already enqueued
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached (nothing is lost); in
     *     strict mode also a {@link dev.redkit.core.ReplicaAckException} when an item was enqueued but not
     *     confirmed: the batch stays staged and the next call enqueues it again under the same ids
     */
    int drainOnce();

    /**
     * Starts a background thread that drains the source until {@link #close()}, polling at the queue's
     * poll interval when the source is empty.
     *
     * @return this bridge
     * @throws IllegalStateException if already started or closed
     */
    ListBridge start();

    /** Stops the background thread, if any, and waits for it; idempotent. */
    @Override
    void close();
}
