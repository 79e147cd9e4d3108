package dev.redkit.queue;

import dev.redkit.core.RedisConnector;
import dev.redkit.queue.internal.QueueInspectorImpl;
import java.util.List;
import java.util.Optional;

/**
 * Read-only admin queries over one queue's stored jobs, for operations tools such as the Redkit console: the
 * jobs of a state set page by page, and one job by id with the set that holds it. Each call is one read-only
 * script call on the queue's hash slot, bounded by {@link #MAX_PAGE} jobs and {@link #MAX_PAYLOAD_BYTES} payload
 * bytes per job. It never shows owner tokens. Mutations stay on {@link ReliableQueue} (replay and purge of dead
 * letters). Thread-safe.
 * <!-- snippet: QueueSnippets#queueInspector -->
 * <pre>{@code
 * QueueInspector inspector = QueueInspector.of(connector, "emails");
 * List<JobView> stuck = inspector.jobs(JobState.IN_FLIGHT, 0, 20); // soonest lease deadline first
 * }</pre>
 */
public interface QueueInspector {

    /** The most jobs one {@link #jobs} call returns. */
    int MAX_PAGE = 100;
    /** The most payload bytes a view carries. */
    int MAX_PAYLOAD_BYTES = 4096;

    /**
     * An inspector over the queue of that name on the connector (the name given to {@link ReliableQueue#builder}).
     *
     * @param connector the connector
     * @param queueName the queue's name
     * @return the inspector
     * @throws IllegalArgumentException naming the parameter if one is null or the name is not an identifier
     */
    static QueueInspector of(RedisConnector connector, String queueName) {
        return new QueueInspectorImpl(connector, queueName);
    }

    /** @return the queue's name */
    String name();

    /**
     * A page of the jobs of one state, in the set's order: waiting by priority then enqueue order, in flight by
     * lease deadline, delayed by run time, dead by failure time (oldest first).
     *
     * @param state the state set
     * @param offset the first position, 0 or more
     * @param limit how many, 1 to {@value #MAX_PAGE}
     * @return the jobs, fewer at the end of the set
     * @throws IllegalArgumentException naming the parameter if out of range
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    List<JobView> jobs(JobState state, int offset, int limit);

    /**
     * One job by id.
     *
     * @param id the job id
     * @return the job, or empty when no state set holds it (completed, purged or never enqueued)
     * @throws IllegalArgumentException if the id is null, empty or too long
     * @throws dev.redkit.core.RedisUnavailableException if Redis cannot be reached
     */
    Optional<JobView> job(String id);
}
