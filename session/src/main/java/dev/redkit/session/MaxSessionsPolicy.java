package dev.redkit.session;

/**
 * What {@link SessionStore#create} does when a user already has
 * {@linkplain SessionStoreBuilder#maxSessionsPerUser(int) the maximum number} of live sessions. Either
 * way the decision and the new session are written in one atomic script, so concurrent logins of the
 * same user never leave more than the maximum.
 */
public enum MaxSessionsPolicy {
    /**
     * Delete the user's session(s) closest to expiry (normally the least recently used) to make room;
     * the new session is always created. {@link NewSession#evicted()} says how many were deleted.
     */
    EVICT_OLDEST,
    /**
     * Create nothing: {@link SessionStore#tryCreate} returns empty and {@link SessionStore#create}
     * throws {@link SessionLimitExceededException}.
     */
    REJECT
}
