package dev.redkit.queue;

/**
 * Processes one job for a {@link Worker}. Returning normally acknowledges the job; throwing schedules a
 * retry (or dead-letters the job after its last attempt).
 *
 * <p><b>Delivery is at least once.</b> The same job can be handed to a handler more than once: after a
 * worker crash, after a lease lapsed because the handler ran past it while Redis was unreachable, or after
 * an acknowledgement whose reply was lost. Handlers must therefore be idempotent (for example keyed by
 * {@link JobContext#id()}) and should check {@link JobContext#isLeaseLost()} before irreversible steps.
 *
 * @param <T> the job type
 */
@FunctionalInterface
public interface JobHandler<T> {

    /**
     * Processes a job. Runs on one of the worker's threads; may block.
     *
     * @param job the decoded job, never null
     * @param context the delivery: id, attempt, lease state
     * @throws Exception to fail this attempt; the exception's class and message become the job's last error
     */
    void handle(T job, JobContext context) throws Exception;
}
