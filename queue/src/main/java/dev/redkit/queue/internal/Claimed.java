package dev.redkit.queue.internal;

/**
 * One job as the claim script handed it out.
 *
 * @param member the encoded id (zset member)
 * @param token the owner token
 * @param attempts the attempt count including this one
 * @param payload the stored bytes
 * @param enqueuedAt enqueue time (ms)
 * @param id the raw id
 * @param leaseDeadline the lease deadline written by the claim (ms)
 */
record Claimed(
        String member, String token, int attempts, byte[] payload, long enqueuedAt, String id, long leaseDeadline) {}
