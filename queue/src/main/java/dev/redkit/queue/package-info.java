/**
 * Redkit's reliable job queue: {@link dev.redkit.queue.ReliableQueue}, its {@link dev.redkit.queue.Worker}
 * pool, options and value types.
 *
 * <h2>Key layout</h2>
 * Every key of a queue named {@code emails} shares the hash tag <code>{emails}</code>
 * ({@link dev.redkit.core.KeySpace#nameSlot()}), so each state change is one atomic script in one Cluster slot:
 * <pre>
 *   prefix:queue:{emails}:ready         zset  job id -&gt; priority band + sequence (claimed lowest first)
 *   prefix:queue:{emails}:delayed       zset  job id -&gt; run time (ms)
 *   prefix:queue:{emails}:inflight      zset  job id -&gt; lease deadline (ms)
 *   prefix:queue:{emails}:dead          zset  job id -&gt; time of dead-lettering (ms)
 *   prefix:queue:{emails}:wake          list  wake-up tokens for blocked workers (capped)
 *   prefix:queue:{emails}:seq           string  sequence for FIFO order among equal priorities
 *   prefix:queue:{emails}:job:ID        hash  id, payload, enqueued at; attempts and priority (absent
 *                                             while 0); owner token, last error, failed at
 *   prefix:queue:{emails}:dedupe:ID     string  idempotency marker with a TTL (explicit ids; generated ids
 *                                             on Cluster only, against re-sent commands)
 * </pre>
 * {@code ID} is the job id, encoded by {@link dev.redkit.core.KeySpace#encode(String)}.
 *
 * <h2>Why a wake-up list plus a claim script</h2>
 * A worker with nothing to do blocks on {@code BLPOP wake} for at most the poll interval (or until the next
 * delayed job or lease deadline is due, whichever is sooner), then runs the claim script. The token it pops
 * carries no job: the claim script alone moves jobs from {@code ready} to {@code inflight}, atomically with
 * the owner token and the attempt count. So a worker that dies right after its pop loses nothing, which is
 * not true of {@code BZPOPMIN}/{@code BLMOVE} on the job itself (popped but unclaimed jobs would need a
 * second structure and their own recovery). Producers push a token in the enqueue script when their job makes
 * the empty {@code ready} set non-empty (not per job: workers block only while it is empty), or for a delayed
 * job that is now the earliest, so that a blocked worker learns the new due time; a worker's claim that
 * leaves jobs ready pushes one token for the next blocked worker. The token list is capped and cleared
 * whenever a claim leaves {@code ready} empty. Streams
 * ({@code XREADGROUP BLOCK}) were not chosen because delayed jobs, priorities and dead letters would still
 * need sorted sets beside the stream, and pending-entry recovery would be a second lease mechanism.
 */
@NullMarked
package dev.redkit.queue;

import org.jspecify.annotations.NullMarked;
