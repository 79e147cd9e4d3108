package dev.redkit.queue;

/**
 * The sizes of a queue, read in one atomic step by {@link ReliableQueue#stats()}.
 *
 * @param waiting jobs ready to be claimed now
 * @param inFlight jobs claimed by a worker whose lease has not been settled yet (this includes lapsed
 *     leases that recovery has not returned yet)
 * @param delayed jobs waiting for their run time (delayed enqueues and retries in backoff)
 * @param dead jobs in the dead-letter set
 */
public record QueueStats(long waiting, long inFlight, long delayed, long dead) {

    /** @return every job the queue still holds: waiting, in flight, delayed and dead */
    public long total() {
        return waiting + inFlight + delayed + dead;
    }
}
