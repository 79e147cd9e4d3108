package dev.redkit.session;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.SetOnce;
import dev.redkit.session.internal.RedisSessionStore;
import dev.redkit.session.internal.SessionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link SessionStore}; {@link SessionStore#builder(RedisConnector, String, byte[])} creates it with
 * the mandatory name and secret. Every option validates at once, names the field in its
 * {@link IllegalArgumentException}, and may be set once: a second call throws {@link IllegalStateException}
 * naming the earlier value. Defaults: idle timeout 30 minutes, absolute timeout 24 hours, a touch interval of
 * one minute (a tenth of the idle timeout when that is shorter), at most 10 sessions per user with
 * {@link MaxSessionsPolicy#EVICT_OLDEST}, {@value #DEFAULT_MAX_ATTRIBUTE_BYTES} attribute bytes,
 * {@link Clock#systemUTC()}, the connector's meter registry. Not thread-safe; the built store is.
 * <!-- snippet: SessionSnippets#sessionStoreBuilder -->
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder(connector, "web", secretKeyBytes)
 *         .idleTimeout(Duration.ofHours(24))
 *         .absoluteTimeout(Duration.ofDays(7))
 *         .maxSessionsPerUser(5)
 *         .build();
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
    private final SetOnce<String> name = SetOnce.withDefault("name", "default");
    private final SetOnce<Duration> idleTimeout = SetOnce.withDefault("idleTimeout", Duration.ofMinutes(30));
    private final SetOnce<Duration> absoluteTimeout = SetOnce.withDefault("absoluteTimeout", Duration.ofHours(24));
    private final SetOnce<Duration> touchInterval = SetOnce.unset("touchInterval");
    private final SetOnce<Integer> maxSessionsPerUser = SetOnce.withDefault("maxSessionsPerUser", 10);
    private final SetOnce<MaxSessionsPolicy> policy =
            SetOnce.withDefault("maxSessionsPolicy", MaxSessionsPolicy.EVICT_OLDEST);
    private final SetOnce<Integer> maxAttributeBytes =
            SetOnce.withDefault("maxAttributeBytes", DEFAULT_MAX_ATTRIBUTE_BYTES);
    private final SetOnce<SecretHasher> hasher = SetOnce.secret("secret");
    private final SetOnce<Clock> clock = SetOnce.withDefault("clock", Clock.systemUTC());
    private final SetOnce<MeterRegistry> meterRegistry = SetOnce.unset("meterRegistry");

    SessionStoreBuilder(RedisConnector connector) {
        this.connector = Checks.notNull(connector, "connector");
    }

    /**
     * Names the store: its keys live under {@code <prefix>:session:<name>:} and its metrics carry the tag
     * {@code name}. Stores with different names are fully independent.
     *
     * @param name an identifier ({@code [a-z0-9][a-z0-9._-]*}, at most 64 characters)
     * @return this builder
     * @throws IllegalArgumentException if not an identifier
     * @throws IllegalStateException if already set (by {@link SessionStore#builder(RedisConnector, String, byte[])})
     * @deprecated pass the name to {@link SessionStore#builder(RedisConnector, String, byte[])}
     */
    @Deprecated
    public SessionStoreBuilder name(String name) {
        this.name.set(KeySpace.identifier(name, "name"));
        return this;
    }

    /**
     * How long a session lives without being used; every {@link SessionStore#get(String)} restarts it
     * (to within {@link #touchInterval(Duration)}).
     *
     * @param idleTimeout positive, at most {@link #absoluteTimeout(Duration)}
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder idleTimeout(Duration idleTimeout) {
        this.idleTimeout.set(Checks.positive(idleTimeout, "idleTimeout"));
        return this;
    }

    /**
     * How long a session lives at most after its creation, however often it is used.
     *
     * @param absoluteTimeout positive, at least the idle timeout
     * @return this builder
     * @throws IllegalArgumentException if null, zero or negative
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder absoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout.set(Checks.positive(absoluteTimeout, "absoluteTimeout"));
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
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder touchInterval(Duration touchInterval) {
        this.touchInterval.set(Checks.notNegative(touchInterval, "touchInterval"));
        return this;
    }

    /**
     * The most live sessions one user may have; see {@link #maxSessionsPolicy(MaxSessionsPolicy)}.
     *
     * @param max 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder maxSessionsPerUser(int max) {
        this.maxSessionsPerUser.set((int) Checks.between(max, 1, 1000, "maxSessionsPerUser"));
        return this;
    }

    /**
     * What a create does at the limit.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder maxSessionsPolicy(MaxSessionsPolicy policy) {
        this.policy.set(Checks.notNull(policy, "maxSessionsPolicy"));
        return this;
    }

    /**
     * The most bytes a session's attributes may take: UTF-8 names plus JSON-encoded values.
     *
     * @param bytes 1 to {@value #MAX_ATTRIBUTE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder maxAttributeBytes(int bytes) {
        this.maxAttributeBytes.set((int) Checks.between(bytes, 1, MAX_ATTRIBUTE_BYTES, "maxAttributeBytes"));
        return this;
    }

    /**
     * The secret key for HMAC-SHA256 of tokens and user slot tags, for a builder from the deprecated
     * {@link SessionStore#builder(RedisConnector)}, where {@link #build()} throws without it. With an unkeyed hash anyone who can read Redis could compute each user's 2-character slot tag from a user
     * id and so narrow the owner of every stored session (and of every token seen in a log) to about 1 user id in
     * 4,096; with the key the tags and session ids are unpredictable without it. Keep it secret and the same on
     * every instance. Changing it ends every existing session (their ids and tags no longer match).
     *
     * @param key at least 16 bytes (32 random bytes recommended); copied
     * @return this builder
     * @throws IllegalArgumentException if null or shorter than 16 bytes
     * @throws IllegalStateException if already set (by {@link SessionStore#builder(RedisConnector, String, byte[])})
     * @deprecated pass the secret to {@link SessionStore#builder(RedisConnector, String, byte[])}
     */
    @Deprecated
    public SessionStoreBuilder secret(byte[] key) {
        this.hasher.set(SecretHasher.hmacSha256(key));
        return this;
    }

    /**
     * The clock that governs every session timestamp and expiry (client clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder clock(Clock clock) {
        this.clock.set(Checks.notNull(clock, "clock"));
        return this;
    }

    /**
     * The registry for metrics, instead of the connector's.
     *
     * @param registry the registry, or {@code null} for none
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public SessionStoreBuilder meterRegistry(@Nullable MeterRegistry registry) {
        this.meterRegistry.set(registry);
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
        SecretHasher keyedHash = hasher.orNull();
        if (keyedHash == null) {
            throw new IllegalStateException("secret must be set: session ids and user slot tags are keyed hashes "
                    + "(HMAC-SHA256); pass 32 random bytes from your secret store, the same on every instance");
        }
        Duration idle = idleTimeout.get();
        Duration absolute = absoluteTimeout.get();
        if (absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException(
                    "absoluteTimeout (" + absolute + ") must not be shorter than idleTimeout (" + idle + ")");
        }
        Duration touch = touchInterval.orNull();
        if (touch == null) {
            Duration tenth = idle.dividedBy(10);
            touch = tenth.compareTo(DEFAULT_TOUCH_INTERVAL) < 0 ? tenth : DEFAULT_TOUCH_INTERVAL;
        } else if (touch.compareTo(idle) >= 0) {
            throw new IllegalArgumentException(
                    "touchInterval (" + touch + ") must be shorter than idleTimeout (" + idle + ")");
        }
        MeterRegistry registry = meterRegistry.isSet() ? meterRegistry.orNull() : connector.meterRegistry();
        return new RedisSessionStore(new SessionSettings(
                connector,
                name.get(),
                idle,
                absolute,
                touch,
                maxSessionsPerUser.get(),
                policy.get(),
                maxAttributeBytes.get(),
                keyedHash,
                clock.get(),
                registry));
    }

    /**
     * Sets the mandatory options of {@link SessionStore#builder(RedisConnector, String, byte[])}.
     *
     * @param storeName the store's name
     * @param secret the secret key
     * @return this builder
     */
    SessionStoreBuilder mandatory(String storeName, byte[] secret) {
        this.name.set(KeySpace.identifier(storeName, "name"));
        this.hasher.set(SecretHasher.hmacSha256(secret));
        return this;
    }
}
