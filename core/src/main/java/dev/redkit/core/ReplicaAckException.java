package dev.redkit.core;

/**
 * A strict-mode write was applied by the primary but fewer replicas than required confirmed it within
 * the {@link ReplicaAck#timeout()}. The write is <strong>not</strong> rolled back: it may survive, or it
 * may be lost if the primary fails before its replicas catch up. Components document what they do on
 * top (a lock releases the lease it could not make durable; an enqueue can be retried under its id).
 *
 * <p>It is a {@link RedisUnavailableException}, so code that already treats "Redis is down" as one case
 * (fail closed, fail open, retry later) treats a replica outage the same way.
 */
public class ReplicaAckException extends RedisUnavailableException {
    private static final long serialVersionUID = 1L;

    private final int required;
    private final int acknowledged;
    private final transient Object reply;

    /**
     * Creates an exception.
     *
     * @param endpoint the primary that applied the write, as {@code host:port}
     * @param what the command or script
     * @param required replicas required
     * @param acknowledged replicas that confirmed in time
     * @param reply the write's own reply, as {@link RedisOps} returns it
     */
    public ReplicaAckException(String endpoint, String what, int required, int acknowledged, Object reply) {
        super(
                endpoint,
                what + " was applied but confirmed by " + acknowledged + " of " + required + " required replicas",
                null);
        this.required = required;
        this.acknowledged = acknowledged;
        this.reply = reply;
    }

    /** @return the number of replicas that had to confirm */
    public int required() {
        return required;
    }

    /** @return the number that did, below {@link #required()} */
    public int acknowledged() {
        return acknowledged;
    }

    /**
     * The reply of the write the primary applied, so that the caller can undo or report it.
     *
     * @return the reply in {@link RedisOps}'s representation; null after deserialization
     */
    public Object reply() {
        return reply;
    }
}
