package dev.redkit.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * A read-only view of one job for admin tools, from {@link QueueInspector}. It carries no owner token: a view
 * cannot be used to ack or fail the job.
 *
 * @param id the job id
 * @param state the set that holds the job
 * @param attempts the attempts counted so far
 * @param enqueuedAt when the job was enqueued (client clock of the enqueuing instance), or {@link Instant#EPOCH}
 *        when its job hash is gone
 * @param due for {@link JobState#IN_FLIGHT} the lease deadline, for {@link JobState#DELAYED} the run time, for
 *        {@link JobState#DEAD} when it failed; empty for {@link JobState#WAITING}
 * @param lastError the last error text, empty when none
 * @param payload the stored payload (JSON), cut to the inspector's payload limit
 * @param payloadBytes the full payload length in bytes
 */
public record JobView(
        String id,
        JobState state,
        int attempts,
        Instant enqueuedAt,
        Optional<Instant> due,
        String lastError,
        String payload,
        int payloadBytes) {

    /**
     * Checks the components.
     *
     * @param id the job id
     * @param state the state
     * @param attempts the attempts
     * @param enqueuedAt the enqueue time
     * @param due the due time
     * @param lastError the last error
     * @param payload the payload text
     * @param payloadBytes the payload length
     */
    public JobView {
        if (id == null || state == null || enqueuedAt == null || due == null || lastError == null || payload == null) {
            throw new IllegalArgumentException("JobView components must not be null");
        }
    }

    /** @return true when {@link #payload()} holds only the start of the payload */
    public boolean payloadTruncated() {
        return payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < payloadBytes;
    }
}
