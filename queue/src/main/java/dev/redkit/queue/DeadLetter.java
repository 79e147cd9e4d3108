package dev.redkit.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * A job in the dead-letter set, as listed by {@link ReliableQueue#deadLetters(int, int)}.
 *
 * @param id the job id
 * @param job the decoded job, empty when the stored payload cannot be decoded (a poison message)
 * @param attempts how many times the job was claimed
 * @param lastError the last failure: the handler's exception, a codec failure or a lapsed lease
 * @param enqueuedAt when the job was enqueued (client clock of the producer)
 * @param failedAt when the job was dead-lettered (client clock of the worker)
 * @param <T> the job type
 */
public record DeadLetter<T>(
        String id, Optional<T> job, int attempts, String lastError, Instant enqueuedAt, Instant failedAt) {}
