package dev.redkit.session;

/**
 * Thrown by {@link SessionStore#create} under {@link MaxSessionsPolicy#REJECT} when the user already
 * has the maximum number of live sessions. Use {@link SessionStore#tryCreate} to get an empty result
 * instead. The message names the store and the limit, never a token.
 */
public class SessionLimitExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    /**
     * Creates the exception.
     *
     * @param storeName the store's name
     * @param limit the configured maximum sessions per user
     */
    public SessionLimitExceededException(String storeName, int limit) {
        super("session store '" + storeName + "': the user already has the maximum of " + limit + " live sessions");
        this.limit = limit;
    }

    /** @return the configured maximum sessions per user */
    public int limit() {
        return limit;
    }
}
