package dev.redkit.core;

import dev.redkit.core.spi.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one connection to Redis an application shares between all Redkit components: it builds the Jedis
 * client that fits the configured {@link Topology} ({@code RedisClient}, {@code RedisClusterClient} or
 * {@code RedisSentinelClient}), owns its connection pool, and hands components the small
 * {@link RedisOps} seam, {@link KeySpace}s under the configured prefix and an optional
 * {@link MeterRegistry}.
 *
 * <pre>{@code
 * try (RedisConnector redis = RedisConnector.create(RedisConfig.fromEnv())) {
 *     RedisHealth health = redis.health();
 *     SessionStore sessions = SessionStore.builder(redis, "default", sessionKey).build();
 * }
 * }</pre>
 *
 * <p>Idle pooled connections are checked with {@code PING} every 2 s, so after a Redis restart the
 * pool sheds its dead connections within about 2 s instead of failing one call per stale connection.
 *
 * <p>Thread-safe; create one per application and {@link #close()} it on shutdown. Creating a connector
 * for Cluster or Sentinel contacts the servers at once (to learn the topology) and fails with
 * {@link RedisUnavailableException} if none answers; a standalone connector connects lazily.
 *
 * <p>Runs on Jedis 7.4.1 or later (7.4.1 and 8.x are tested); on an older Jedis, {@link #create(RedisConfig)}
 * fails at once with an {@link IllegalStateException} that names the version found and the fix (see
 * {@link #requireSupportedJedis()}).
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisConfig config;
    private final MeterRegistry meterRegistry;
    private final UnifiedJedis jedis;
    private final JedisRedisOps ops;

    private RedisConnector(RedisConfig config, MeterRegistry meterRegistry) {
        this.config = Objects.requireNonNull(config, "config");
        this.meterRegistry = meterRegistry;
        JedisSupport.requireSupported();
        String endpoint = config.describeEndpoints();
        try {
            this.jedis = JedisClients.build(config);
        } catch (RuntimeException e) {
            throw JedisRedisOps.translate(e, RedisCommand.builder("CONNECT").build(), endpoint);
        }
        this.ops = new JedisRedisOps(jedis, endpoint, config);
        LOG.debug("connected {}", config);
    }

    /**
     * Checks that the Jedis on the class path is one Redkit runs on (7.4.1 or later), for example at
     * application start-up. {@link #create(RedisConfig)} and {@code EmbeddedRedis} call it themselves.
     *
     * @return the Jedis version found, or {@code "unknown"} if its jar names none
     * @throws IllegalStateException if Jedis is older than 7.4.1; the message names the version found, the
     *         supported range, and the Maven property and Gradle line that fix it
     */
    public static String requireSupportedJedis() {
        JedisSupport.requireSupported();
        return JedisSupport.version();
    }

    /**
     * Connects without metrics.
     *
     * @param config the configuration
     * @return the connector
     * @throws RedisUnavailableException if a Cluster or Sentinel topology cannot be discovered
     * @throws IllegalStateException if the Jedis on the class path is older than 7.4.1
     */
    public static RedisConnector create(RedisConfig config) {
        return new RedisConnector(config, null);
    }

    /**
     * Connects; components built on this connector record their metrics in the registry unless
     * given another.
     *
     * @param config the configuration
     * @param meterRegistry the registry, or {@code null} for none
     * @return the connector
     * @throws RedisUnavailableException if a Cluster or Sentinel topology cannot be discovered
     * @throws IllegalStateException if the Jedis on the class path is older than 7.4.1
     */
    public static RedisConnector create(RedisConfig config, MeterRegistry meterRegistry) {
        return new RedisConnector(config, meterRegistry);
    }

    /** @return the configuration this connector was created with */
    public RedisConfig config() {
        return config;
    }

    /** @return the seam components use to run commands, scripts and pipelines */
    public RedisOps ops() {
        return ops;
    }

    /** @return the registry given at creation, or {@code null} */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * A key space under this connector's {@linkplain RedisConfig#keyPrefix() prefix}.
     *
     * @param component the component, for example {@code session}
     * @param name the instance name
     * @return the key space
     * @throws IllegalArgumentException if a name is not an identifier
     */
    public KeySpace keySpace(String component, String name) {
        return KeySpace.of(config.keyPrefix(), component, name);
    }

    /**
     * Sends {@code PING} and measures its round trip.
     *
     * @return the latency
     * @throws RedisUnavailableException if Redis does not answer within the socket timeout
     */
    public Duration ping() {
        long start = System.nanoTime();
        ops.execute(RedisCommand.of("PING"));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Checks that Redis answers and reads its version; never throws for an unreachable server.
     *
     * @return the health, with {@code up == false} and an error text when Redis is unreachable
     */
    public RedisHealth health() {
        long start = System.nanoTime();
        try {
            Duration latency = ping();
            String info = Replies.asString(ops.execute(RedisCommand.builder("INFO").arg("server").build()));
            return new RedisHealth(true, latency, infoField(info, "redis_version"), config.topology(), null);
        } catch (RedkitException e) {
            return new RedisHealth(false, Duration.ofNanos(System.nanoTime() - start), null, config.topology(), e.getMessage());
        }
    }

    static String infoField(String info, String field) {
        if (info == null) {
            return null;
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    /** Closes the pool and every connection; idempotent. */
    @Override
    public void close() {
        ops.close();
        jedis.close();
    }

    @Override
    public String toString() {
        return "RedisConnector{" + config + '}';
    }
}
