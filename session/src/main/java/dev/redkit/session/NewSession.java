package dev.redkit.session;

import dev.redkit.core.spi.Checks;

/**
 * A session just created (or rotated), with its token. The token is returned only here: Redis keeps
 * only a keyed hash of it, so it cannot be read back later. Hand it to the client (for example in a
 * {@code Secure; HttpOnly} cookie) and never log it; {@link #toString()} masks it.
 *
 * @param token the opaque bearer token, URL-safe, carrying 256 random bits
 * @param session the session as stored
 * @param evicted how many older sessions of the user {@link MaxSessionsPolicy#EVICT_OLDEST} deleted to
 *     make room (0 for a rotation)
 */
public record NewSession(String token, Session session, int evicted) {

    /**
     * Checks the fields.
     *
     * @param token the token
     * @param session the session
     * @param evicted the number of evicted sessions
     */
    public NewSession {
        Checks.notNull(token, "token");
        Checks.notNull(session, "session");
    }

    @Override
    public String toString() {
        return "NewSession{token=****, session=" + session + ", evicted=" + evicted + '}';
    }
}
