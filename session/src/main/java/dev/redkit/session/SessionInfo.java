package dev.redkit.session;

import dev.redkit.core.spi.Checks;
import java.time.Instant;

/**
 * One entry of {@link SessionStore#list(String)}: what a "your devices" page shows, without attributes.
 *
 * @param id the session id (a keyed hash of the token, not usable as a token), for
 *     {@link SessionStore#revoke(String, String)}
 * @param createdAt when the session was created
 * @param lastSeenAt when it was last validated by {@link SessionStore#get(String)} (or rotated)
 * @param expiresAt when it expires unless used again (idle expiry, capped by the absolute expiry)
 * @param absoluteExpiresAt when it expires at the latest
 * @param clientInfo where it was opened from
 */
public record SessionInfo(
        String id,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        Instant absoluteExpiresAt,
        ClientInfo clientInfo) {

    /**
     * Checks the fields.
     *
     * @param id the id
     * @param createdAt the creation time
     * @param lastSeenAt the last-seen time
     * @param expiresAt the current expiry
     * @param absoluteExpiresAt the absolute expiry
     * @param clientInfo the client info
     */
    public SessionInfo {
        Checks.notNull(id, "id");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(lastSeenAt, "lastSeenAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(absoluteExpiresAt, "absoluteExpiresAt");
        Checks.notNull(clientInfo, "clientInfo");
    }
}
