package dev.redkit.session;

import dev.redkit.core.RedisConnector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Login sessions in Redis: opaque bearer tokens, sliding idle expiry capped by an absolute expiry, a
 * per-user index for "your devices" and "log out everywhere", and a per-user session limit.
 * <!-- snippet: SessionSnippets#sessionStore -->
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder(connector, "web", sessionKey) // 32 random bytes
 *         .idleTimeout(Duration.ofHours(24))
 *         .absoluteTimeout(Duration.ofDays(7))
 *         .maxSessionsPerUser(5)
 *         .build();
 * NewSession s = sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of(ip, userAgent));
 * Optional<Session> current = sessions.get(s.token()); // and touches the idle expiry
 * }</pre>
 *
 * <h2>Tokens</h2>
 * A token is {@code <tag>.<secret>}: 2 characters of slot tag and 43 characters of base64url carrying
 * 256 bits from {@code SecureRandom} (46 characters in all, URL-safe). The tag is derived from a keyed
 * hash of the user id; it only routes the token to the Redis Cluster slot of its user and is shared by
 * 1 in 4096 users, so it does not identify a user. Redis stores only a keyed hash of the whole token
 * (HMAC-SHA256 with the required secret) as the session id, never the token itself; without the key a
 * reader of Redis can neither compute a user's tag from a user id nor test a guessed token.
 *
 * <h2>Atomicity, round trips and time</h2>
 * Every write is one Lua script, so one round trip and atomic, and all keys of one user live in one
 * Cluster slot; a {@link #get(String)} within the touch interval is one plain {@code HGETALL}, and a
 * touching one adds the get script as a second round trip. Expiry instants come from the store's {@link java.time.Clock} (client clock, passed to
 * the scripts); Redis TTLs are set as the matching relative durations, so Redis deletes everything of an
 * idle session on its own even if nobody reads it again. Instances running with skewed clocks shift
 * expiries by the skew.
 *
 * <h2>User ids</h2>
 * Any text of 1-{@value dev.redkit.core.KeySpace#MAX_PART_LENGTH} characters without unpaired surrogates
 * and at most {@value #MAX_USER_ID_BYTES} bytes once encoded into the index key: {@code A-Z a-z 0-9 - _ . @ +}
 * take 1 byte, every other character 3 bytes per UTF-8 byte. So 512 such ASCII characters fit, or 256
 * characters like {@code é} (6 bytes each), 170 like {@code 中} or {@code €} (9), 128 emoji (12). Longer ids
 * throw {@link IllegalArgumentException} naming {@code userId} before any Redis call, whatever the key
 * prefix and store name.
 *
 * <p>Implementations are thread-safe. Operations throw {@link dev.redkit.core.RedisUnavailableException}
 * when Redis cannot be reached.
 */
public interface SessionStore {

    /** The longest user id accepted, in bytes once encoded (see the class documentation). */
    int MAX_USER_ID_BYTES = 1536;

    /**
     * Starts configuring a store with its mandatory options; the others have the defaults described on
     * {@link SessionStoreBuilder}.
     *
     * @param connector the connector
     * @param name the store's name, an identifier ({@code [a-z0-9][a-z0-9._-]*}, at most 64 characters): its
     *     keys live under {@code <prefix>:session:<name>:} and its metrics carry the tag {@code name}; stores
     *     with different names are fully independent
     * @param secret the key for HMAC-SHA256 of tokens and user slot tags, at least 16 bytes (32 random bytes
     *     recommended), the same on every instance; copied. With an unkeyed hash anyone who can read Redis could
     *     narrow the owner of every stored session to about 1 user id in 4,096; changing the key ends every
     *     existing session
     * @return a builder
     * @throws IllegalArgumentException naming the parameter for a null connector, a name that is not an
     *     identifier, or a null or short secret
     */
    static SessionStoreBuilder builder(RedisConnector connector, String name, byte[] secret) {
        return new SessionStoreBuilder(connector).mandatory(name, secret);
    }

    /**
     * Starts configuring a store named {@code default} without its secret, which
     * {@link SessionStoreBuilder#secret(byte[])} must then set.
     *
     * @param connector the connector
     * @return a builder
     * @throws IllegalArgumentException if the connector is null
     * @deprecated use {@link #builder(RedisConnector, String, byte[])}, which makes the name and the secret
     *     mandatory
     */
    @Deprecated
    static SessionStoreBuilder builder(RedisConnector connector) {
        return new SessionStoreBuilder(connector);
    }

    /**
     * Creates a session for a user, enforcing the per-user limit in the same atomic script. Safe to
     * re-send on Cluster: a repeated script run with the same token creates nothing more.
     *
     * @param userId the user, 1-512 characters and at most {@value #MAX_USER_ID_BYTES} bytes once encoded
     * @param attributes attributes to store; names 1-{@value SessionStoreBuilder#MAX_ATTRIBUTE_NAME_LENGTH}
     *     characters, values non-null and writable by the JSON codec; at most
     *     {@link SessionStoreBuilder#maxAttributeBytes(int)} bytes of names and encoded values in all
     * @param clientInfo where the login comes from
     * @return the new session with its token
     * @throws IllegalArgumentException naming the parameter for a null, empty or oversized user id, null
     *     attributes or client info, a bad attribute name, a value the codec cannot write, or too many bytes
     * @throws SessionLimitExceededException under {@link MaxSessionsPolicy#REJECT} when the user has the
     *     maximum of live sessions
     */
    NewSession create(String userId, Map<String, ?> attributes, ClientInfo clientInfo);

    /**
     * Like {@link #create}, but a rejection by {@link MaxSessionsPolicy#REJECT} is an empty result.
     *
     * @param userId the user
     * @param attributes the attributes
     * @param clientInfo the client info
     * @return the new session, or empty when the policy rejected it
     * @throws IllegalArgumentException as for {@link #create}
     */
    Optional<NewSession> tryCreate(String userId, Map<String, ?> attributes, ClientInfo clientInfo);

    /**
     * Validates a token and, once the builder's {@code touchInterval} has passed since the session was last
     * written, slides the session's idle expiry (never past its absolute expiry) and its entry in the user's
     * index atomically. Within that interval it only reads, one plain {@code HGETALL} (one round trip, no
     * script), and checks the idle and absolute expiry with the store's clock, so a session expired by the
     * clock is never returned and a revoked one is gone at once; a session in use may expire up to
     * {@code touchInterval} before the idle timeout has passed since its last use (never later), and
     * {@link Session#lastSeenAt()} may be that old. A due touch, or a session found expired (which is then
     * deleted), costs a second round trip: the get script. A malformed or oversized token (anything that
     * is not 46 URL-safe characters of the form above) returns empty without contacting Redis; an unknown
     * or expired one returns empty (an expired one is deleted).
     *
     * @param token the presented token, may be null
     * @return the session, or empty
     */
    Optional<Session> get(String token);

    /**
     * Merges attributes into a live session atomically: each entry sets one attribute, an entry whose
     * value is {@code null} removes it. Does not slide the expiry. The merged attributes must stay within
     * {@link SessionStoreBuilder#maxAttributeBytes(int)}.
     *
     * @param token the token
     * @param attributes the changes; {@code null} values (in a map that allows them) remove
     * @return true if the session was live and updated, false if the token is malformed, unknown or expired
     * @throws IllegalArgumentException for null attributes, a bad name, a value the codec cannot write, or
     *     when the merged attributes would exceed the limit (nothing is written then)
     */
    boolean update(String token, Map<String, ?> attributes);

    /**
     * Gives a live session a new token (session fixation defence, for example after a privilege change):
     * the old token stops working at once, data, creation time and absolute expiry are kept, the idle
     * expiry slides. Atomic; safe to re-send on Cluster.
     *
     * @param token the current token
     * @return the session under its new token, or empty if the token is malformed, unknown or expired
     */
    Optional<NewSession> rotate(String token);

    /**
     * Ends one session (logout).
     *
     * @param token the token
     * @return true if a session was deleted, false if the token is malformed or unknown
     */
    boolean revoke(String token);

    /**
     * Ends one session of a user by its {@linkplain SessionInfo#id() id}, for a "your devices" page.
     *
     * @param userId the user
     * @param sessionId the id from {@link #list(String)}
     * @return true if a session of this user was deleted
     * @throws IllegalArgumentException for a null, empty or oversized user id (see the class documentation)
     */
    boolean revoke(String userId, String sessionId);

    /**
     * Ends every session of a user, atomically with respect to concurrent creates, rotations and
     * revocations of the same user: a session created before the call is gone after it, and one created
     * after it is complete and listed.
     *
     * @param userId the user
     * @return the number of sessions deleted
     * @throws IllegalArgumentException for a null, empty or oversized user id (see the class documentation)
     */
    int revokeAll(String userId);

    /**
     * Ends every session of a user except the one with the given token ("log out other devices"). If the
     * token is malformed or not a session of this user, all of the user's sessions are ended.
     *
     * @param userId the user
     * @param keepToken the token of the session to keep
     * @return the number of sessions deleted
     * @throws IllegalArgumentException for a null, empty or oversized user id (see the class documentation)
     */
    int revokeAllExcept(String userId, String keepToken);

    /**
     * The user's live sessions, soonest expiry first; prunes expired entries from the index and Redis.
     * Does not touch any session's expiry.
     *
     * @param userId the user
     * @return the sessions, possibly empty
     * @throws IllegalArgumentException for a null, empty or oversized user id (see the class documentation)
     */
    List<SessionInfo> list(String userId);
}
