/**
 * Redkit queue: {@link dev.redkit.queue.ReliableQueue}, an at-least-once job queue on Redis with leases,
 * stalled-job recovery, retries with backoff, delayed jobs, dead letters and a worker pool.
 */
module dev.redkit.queue {
    requires transitive dev.redkit.core;
    requires org.slf4j;

    exports dev.redkit.queue;

    opens dev.redkit.queue.internal to
            dev.redkit.core;
}
