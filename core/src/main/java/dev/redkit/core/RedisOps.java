package dev.redkit.core;

import dev.redkit.core.spi.Replies;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The small seam every Redkit component talks to Redis through: run one command or script, run a
 * pipeline, subscribe to a channel. It names no driver type, so components stay independent of Jedis.
 *
 * <h2>Replies</h2>
 * Replies come back as plain Java values: {@code Long} for integers, {@code byte[]} for bulk and
 * status strings, {@code List<Object>} for arrays (nested as needed) and {@code null} for nil. Use
 * {@link Replies} to convert them. A Redis error reply becomes a {@link RedisCommandException} (or a
 * {@link RedisScriptException} for a script); a connection failure, a timeout, an exhausted pool or an error
 * reply that means "not now" ({@code CLUSTERDOWN}, {@code LOADING}, {@code READONLY}, ...) becomes a
 * {@link RedisUnavailableException}: the full table is on that class.
 *
 * <h2>Round trips</h2>
 * {@link #execute(RedisCommand)} is one round trip; a script call is one {@code EVALSHA}, plus one
 * {@code EVAL} only when the server has lost the script. {@link #pipeline(List)} sends every command
 * before reading any reply (one round trip per Cluster node involved).
 * {@link #transaction(List)} is one round trip: {@code MULTI}, the commands and {@code EXEC} on one connection.
 * {@link #executeAcknowledged(RedisCommand, ReplicaAck)} adds {@code WAIT} to a write in the same round trip.
 *
 * <p>Implementations are thread-safe.
 */
public interface RedisOps {

    /**
     * Runs one command or script call.
     *
     * @param command the command
     * @return the reply, converted as described above
     * @throws RedisUnavailableException if Redis cannot be reached or does not answer in time
     * @throws RedisCommandException if Redis answers with an error
     */
    @Nullable
    Object execute(RedisCommand command);

    /**
     * Runs one write and then {@code WAIT} on the same connection, pipelined, so that the reply says whether
     * {@link ReplicaAck#replicas()} replicas confirmed the write within {@link ReplicaAck#timeout()}. One
     * round trip (two commands); the caller's thread waits up to the ack timeout on top of the write. With
     * {@link ReplicaAck#none()} this is {@link #execute(RedisCommand)}.
     *
     * <p>A write that may have run is never sent again. On Cluster a {@code MOVED} reply (the write did not run)
     * refreshes the slot map and the pair is sent once more, and so does a failure to open the connection to
     * the write's node (nothing was sent) once the slot map was refreshed, within the
     * {@linkplain RedisConfig#callTimeout() call timeout}; a connection lost after sending is reported as a
     * {@link RedisUnavailableException} whose {@link RedisUnavailableException#mayHaveBeenApplied()} is true.
     * A {@code NOSCRIPT} reply sends the pair again with {@code EVAL}.
     *
     * @param command the write; on Cluster it must name a key, whose node also receives the {@code WAIT}
     * @param ack the confirmation required
     * @return the write's reply, once enough replicas confirmed it
     * @throws ReplicaAckException if the primary applied the write but too few replicas confirmed it in
     *     time; the write is not rolled back
     * @throws RedisUnavailableException if Redis cannot be reached or does not answer in time
     * @throws RedisCommandException if Redis answers the write with an error
     * @throws IllegalArgumentException if the ack timeout is not shorter than the socket timeout, or a
     *     Cluster command names no key
     */
    @Nullable
    Object executeAcknowledged(RedisCommand command, ReplicaAck ack);

    /**
     * Sends several commands in one pipeline and returns their replies in order. Not atomic: use a
     * script or {@link #transaction(List)} for atomicity. A script call that meets {@code NOSCRIPT} is run
     * again with {@code EVAL} after the pipeline, so its effect may land after that of later entries. On Cluster, entries whose node
     * could not be connected to (so nothing of theirs was sent) are sent once more after a slot-map refresh,
     * within the {@linkplain RedisConfig#callTimeout() call timeout}; that is how a pipeline follows a failover.
     *
     * @param commands the commands; on Cluster they may go to different nodes
     * @return one reply per command
     * @throws RedisUnavailableException if Redis cannot be reached or does not answer in time, for the first
     *     entry that failed so (see its table for what {@code mayHaveBeenApplied} means)
     * @throws RedisCommandException for the first entry that Redis answered with an error, after all
     *     entries were sent
     */
    List<Object> pipeline(List<RedisCommand> commands);

    /**
     * Runs a short list of plain commands on one hash slot atomically, in one round trip: {@code MULTI}, the
     * commands and {@code EXEC}, pipelined on one connection (on Cluster, one to the slot's primary). No other
     * client's command runs between them, so reads see one instant and writes land together, without the cost of a
     * script. Use it when no command needs the reply of another (a read that decides a write needs a script).
     *
     * <p>An error reply to a command as it is queued (a wrong number of arguments, say) makes Redis discard the
     * whole transaction: nothing ran, and the call throws for that command. An error raised while the transaction
     * runs ({@code WRONGTYPE}) does not stop the others, as Redis has no rollback: the other commands took effect
     * and the call throws for the first failing one, after {@code EXEC}.
     *
     * <p>On Cluster a transaction queued on a node that no longer owns the slot ({@code MOVED} or {@code ASK}) was
     * discarded, so the slot map is refreshed and the transaction sent once more; so is one whose node could not be
     * connected to (nothing was sent), within the {@linkplain RedisConfig#callTimeout() call timeout}. A connection
     * lost after sending is reported as a {@link RedisUnavailableException} whose
     * {@link RedisUnavailableException#mayHaveBeenApplied()} is true.
     * <!-- snippet: CoreSnippets#transaction -->
     * <pre>{@code
     * String scores = keys.slot("weekly").key("scores");
     * List<Object> replies = ops.transaction(List.of(
     *         RedisCommand.builder("ZSCORE").key(scores).arg("user-42").build(),
     *         RedisCommand.builder("ZREVRANK").key(scores).arg("user-42").build()));
     * }</pre>
     *
     * @param commands the commands, in order; no script calls, and every key in one hash slot (also on standalone
     *     and Sentinel, so that the same call works on Cluster); on Cluster every command must name a key
     * @return one reply per command, in order
     * @throws IllegalArgumentException if {@code commands} holds a script call, a transaction command
     *     ({@code MULTI}, {@code EXEC}, {@code DISCARD}, {@code WATCH}, {@code UNWATCH}), keys of more than one
     *     hash slot, or on Cluster a command without a key
     * @throws RedisUnavailableException if Redis cannot be reached or does not answer in time (see its table for
     *     what {@code mayHaveBeenApplied} means)
     * @throws RedisCommandException for the command that Redis answered with an error, as described above
     */
    List<Object> transaction(List<RedisCommand> commands);

    /**
     * Subscribes to a pub/sub channel on a dedicated connection and background thread, which
     * re-subscribes with backoff after a connection loss until the subscription is closed. Messages
     * published while the connection was down are lost; {@link MessageListener#onSubscribed()} is called
     * after every (re)subscription so that a listener can resynchronise.
     *
     * @param channel the channel name
     * @param listener called on the subscription's thread; must not block for long
     * @return a handle; closing it unsubscribes and stops the thread
     */
    Subscription subscribe(String channel, MessageListener listener);

    /**
     * Publishes a message to a channel. On Cluster the message is sent to the node that owns the channel
     * name's hash slot, so the messages one client publishes to one channel arrive in the order sent.
     *
     * @param channel the channel
     * @param message the payload
     * @return the number of clients that received it (on Cluster, on the node that took the message)
     */
    long publish(String channel, byte[] message);

    /** Receives pub/sub messages. */
    interface MessageListener {
        /**
         * Called for each message.
         *
         * @param channel the channel
         * @param message the payload
         */
        void onMessage(String channel, byte[] message);

        /** Called each time the subscription is (re)established. */
        default void onSubscribed() {}
    }

    /** A live subscription; {@link #close()} ends it. */
    interface Subscription extends AutoCloseable {
        /** @return whether the subscription is currently connected */
        boolean isConnected();

        /** Unsubscribes and stops the background thread; idempotent. */
        @Override
        void close();
    }
}
