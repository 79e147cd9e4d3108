package dev.redkit.queue;

/**
 * What {@link ReliableQueue#enqueue(Object, EnqueueOptions)} did.
 *
 * @param id the job id: the one given in {@link EnqueueOptions#id(String)}, or a generated one
 * @param created {@code true} when a new job was stored; {@code false} when a job with this id was already
 *     known (still queued, in flight or dead-lettered, or completed within the idempotency window), in
 *     which case nothing was written
 */
public record EnqueueResult(String id, boolean created) {}
