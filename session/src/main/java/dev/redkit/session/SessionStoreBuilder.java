package dev.redkit.session;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.SecretHasher;
import dev.redkit.session.internal.RedisSessionStore;
import dev.redkit.session.internal.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Configures a {@link SessionStore}. Every setter validates at once and names the field in its
 * {@link IllegalArgumentException}. Defaults: name {@code default}, idle timeout 30 minutes, absolute
 * timeout 24 hours, a touch interval of one minute (a tenth of the idle timeout when that is shorter), at
 * most 10 sessions per user with {@link MaxSessionsPolicy#EVICT_OLDEST},
 * {@value #DEFAULT_MAX_ATTRIBUTE_BYTES} attribute bytes, {@link Clock#systemUTC()}, the connector's meter
 * registry. {@link #secret(byte[])} has no default: {@link #build()} refuses to build without it. Not thread-safe;
 * the built store is.
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder(connector).name("web")
 *     .idleTimeout(Duration.ofHours(24)).absoluteTimeout(Duration.ofDays(7))
 *     .maxSessionsPerUser(5).secret(secretKeyBytes).build();
 * }</pre>
 */
public final class SessionStoreBuilder {

    /** The default for {@link #maxAttributeBytes(int)}. */
    public static final int DEFAULT_MAX_ATTRIBUTE_BYTES = 4096;
    /** The largest value {@link #maxAttributeBytes(int)} accepts. */
    public static final int MAX_ATTRIBUTE_BYTES = 1024 * 1024;
    /** The default for {@link #touchInterval(Duration)} when the idle timeout is at least ten times longer. */
    public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** The longest attribute name, in characters. */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 128;

    private final RedisConnector connector;
    private String name = "default";
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(24);
    private Duration touchInterval;
    private int maxSessionsPerUser = 10;
    private MaxSessionsPolicy policy = MaxSessionsPolicy.EVICT_OLDEST;
    private int maxAttributeBytes = DEFAULT_MAX_ATTRIBUTE_BYTES;
    private SecretHasher hasher;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;

    SessionStoreBuilder(RedisConnector connector) {
        this.connector = Checks.notNull(connector, "connector");
        this.meterRegistry = connector.meterRegistry();
    }

    /**
     * Names the store: its keys live under {@code <prefix>:session:<name>:} and its metrics carry the tag
     * {@code name}. Stores with different names are fully independent.
     *
     * @param name an identifier ({@code [a-z0-9][a-z0-9._-]*}, at most 64 characters)
     * @return this builder
     * @throws IllegalArgumentException if not an identifier
     */
    public SessionStoreBuilder name(String name) {
        this.name = KeySpace.identifier(name, "name");
        return this;
    }

    /**
     * How long a session lives without being used; every {@link SessionStore#get(String)} restarts it
     * (to within {@link #touchInterval(Duration)}).
     *
     * @param idleTimeout positive, at most {@link #absoluteTimeout(Duration)}
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public SessionStoreBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = Checks.positive(idleTimeout, "idleTimeout");
        return this;
    }

    /**
     * How long a session lives at most after its creation, however often it is used.
     *
     * @param absoluteTimeout positive, at least the idle timeout
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     */
    public SessionStoreBuilder absoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = Checks.positive(absoluteTimeout, "absoluteTimeout");
        return this;
    }

    /**
     * How long after a session's last write a {@link SessionStore#get(String)} writes its last-seen time and
     * idle expiry again (and its entry in the user's index), as servlet containers batch last-access times.
     * A {@code get} within the interval only reads: one {@code HGETALL} inside Redis instead of a write
     * of the session, its TTL and the index. The cost: <b>a session used without a pause may expire up to
     * {@code touchInterval} before {@code idleTimeout} has passed since its last use</b> (never later), and
     * {@link Session#lastSeenAt()} may be up to {@code touchInterval} old. The absolute expiry stays exact.
     * {@link Duration#ZERO} writes on every {@code get}.
     *
     * @param touchInterval zero or positive, shorter than the idle timeout; default
     *     {@link #DEFAULT_TOUCH_INTERVAL}, or a tenth of the idle timeout when that is shorter
     * @return this builder
     * @throws IllegalArgumentException if null or negative (the comparison with the idle timeout is made by
     *     {@link #build()})
     */
    public SessionStoreBuilder touchInterval(Duration touchInterval) {
        this.touchInterval = Checks.notNegative(touchInterval, "touchInterval");
        return this;
    }

    /**
     * The most live sessions one user may have; see {@link #maxSessionsPolicy(MaxSessionsPolicy)}.
     *
     * @param max 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public SessionStoreBuilder maxSessionsPerUser(int max) {
        this.maxSessionsPerUser = (int) Checks.between(max, 1, 1000, "maxSessionsPerUser");
        return this;
    }

    /**
     * What a create does at the limit.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public SessionStoreBuilder maxSessionsPolicy(MaxSessionsPolicy policy) {
        this.policy = Checks.notNull(policy, "maxSessionsPolicy");
        return this;
    }

    /**
     * The most bytes a session's attributes may take: UTF-8 names plus JSON-encoded values.
     *
     * @param bytes 1 to {@value #MAX_ATTRIBUTE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public SessionStoreBuilder maxAttributeBytes(int bytes) {
        this.maxAttributeBytes = (int) Checks.between(bytes, 1, MAX_ATTRIBUTE_BYTES, "maxAttributeBytes");
        return this;
    }

    /**
     * The secret key for HMAC-SHA256 of tokens and user slot tags. <b>Required</b>: {@link #build()} throws without
     * it. With an unkeyed hash anyone who can read Redis could compute each user's 2-character slot tag from a user
     * id and so narrow the owner of every stored session (and of every token seen in a log) to about 1 user id in
     * 4,096; with the key the tags and session ids are unpredictable without it. Keep it secret and the same on
     * every instance. Changing it ends every existing session (their ids and tags no longer match).
     *
     * @param key at least 16 bytes (32 random bytes recommended); copied
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 16 bytes
     */
    public SessionStoreBuilder secret(byte[] key) {
        this.hasher = SecretHasher.hmacSha256(key);
        return this;
    }

    /**
     * The clock that governs every session timestamp and expiry (client clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public SessionStoreBuilder clock(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
        return this;
    }

    /**
     * The registry for metrics, instead of the connector's.
     *
     * @param registry the registry, or {@code null} for none
     * @return this builder
     */
    public SessionStoreBuilder meterRegistry(MeterRegistry registry) {
        this.meterRegistry = registry;
        return this;
    }

    /**
     * Builds the store. Contacts no server.
     *
     * @return the store
     * @throws IllegalArgumentException if the absolute timeout is shorter than the idle timeout, or the
     *     touch interval is not shorter than the idle timeout
     * @throws IllegalStateException if no {@link #secret(byte[])} was set
     */
    public SessionStore build() {
        if (hasher == null) {
            throw new IllegalStateException("secret must be set: session ids and user slot tags are keyed hashes "
                    + "(HMAC-SHA256); pass 32 random bytes from your secret store, the same on every instance");
        }
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("absoluteTimeout (" + absoluteTimeout
                    + ") must not be shorter than idleTimeout (" + idleTimeout + ")");
        }
        Duration touch = touchInterval;
        if (touch == null) {
            Duration tenth = idleTimeout.dividedBy(10);
            touch = tenth.compareTo(DEFAULT_TOUCH_INTERVAL) < 0 ? tenth : DEFAULT_TOUCH_INTERVAL;
        } else if (touch.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("touchInterval (" + touch + ") must be shorter than idleTimeout ("
                    + idleTimeout + ")");
        }
        return new RedisSessionStore(new Settings(connector, name, idleTimeout, absoluteTimeout, touch,
                maxSessionsPerUser,
                policy, maxAttributeBytes, hasher, clock, meterRegistry));
    }
}
