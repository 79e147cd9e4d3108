package dev.redkit.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one connection to Redis an application shares between all Redkit components: it builds the Jedis
 * 8 client that fits the configured {@link Topology} ({@code RedisClient}, {@code RedisClusterClient} or
 * {@code RedisSentinelClient}), owns its connection pool, and hands components the small
 * {@link RedisOps} seam, {@link KeySpace}s under the configured prefix and an optional
 * {@link MeterRegistry}.
 *
 * <pre>{@code
 * try (RedisConnector redis = RedisConnector.create(RedisConfig.fromEnv())) {
 *     RedisHealth health = redis.health();
 *     SessionStore sessions = SessionStore.builder(redis).secret(sessionKey).build();
 * }
 * }</pre>
 *
 * <p>Idle pooled connections are checked with {@code PING} every 2 s, so after a Redis restart the
 * pool sheds its dead connections within about 2 s instead of failing one call per stale connection.
 *
 * <p>Thread-safe; create one per application and {@link #close()} it on shutdown. Creating a connector
 * for Cluster or Sentinel contacts the servers at once (to learn the topology) and fails with
 * {@link RedisUnavailableException} if none answers; a standalone connector connects lazily.
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
        String endpoint = config.describeEndpoints();
        try {
            this.jedis = buildClient(config);
        } catch (RuntimeException e) {
            throw JedisRedisOps.translate(e, RedisCommand.builder("CONNECT").build(), endpoint);
        }
        this.ops = new JedisRedisOps(jedis, endpoint, config);
        LOG.debug("connected {}", config);
    }

    /**
     * Connects without metrics.
     *
     * @param config the configuration
     * @return the connector
     * @throws RedisUnavailableException if a Cluster or Sentinel topology cannot be discovered
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
     */
    public static RedisConnector create(RedisConfig config, MeterRegistry meterRegistry) {
        return new RedisConnector(config, meterRegistry);
    }

    private static UnifiedJedis buildClient(RedisConfig c) {
        DefaultJedisClientConfig clientConfig = clientConfig(c, true).build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(c.maxConnections());
        pool.setMaxIdle(c.maxConnections());
        pool.setMinIdle(c.minIdleConnections());
        pool.setMaxWait(c.maxWaitForConnection());
        pool.setBlockWhenExhausted(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(2));
        pool.setNumTestsPerEvictionRun(-1);
        switch (c.topology()) {
            case STANDALONE:
                RedisEndpoint e = c.endpoints().get(0);
                return RedisClient.builder().hostAndPort(e.host(), e.port())
                        .clientConfig(clientConfig).poolConfig(pool).build();
            case CLUSTER:
                return RedisClusterClient.builder().nodes(hostsAndPorts(c))
                        .clientConfig(clientConfig).poolConfig(pool)
                        .maxAttempts(c.clusterMaxAttempts())
                        // retries start only while less than callTimeout - socketTimeout has passed (RedisConfig)
                        .maxTotalRetriesDuration(c.callTimeout().minus(c.socketTimeout()))
                        .build();
            default:
                return RedisSentinelClient.builder().masterName(c.sentinelMaster()).sentinels(hostsAndPorts(c))
                        .clientConfig(clientConfig).sentinelClientConfig(clientConfig(c, false).build())
                        .poolConfig(pool).build();
        }
    }

    private static DefaultJedisClientConfig.Builder clientConfig(RedisConfig c, boolean dataNode) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis((int) c.connectTimeout().toMillis())
                .socketTimeoutMillis((int) c.socketTimeout().toMillis())
                .blockingSocketTimeoutMillis((int) c.blockingSocketTimeout().toMillis())
                .clientName(c.clientName())
                .ssl(c.tls());
        if (dataNode) {
            b.database(c.database());
            if (c.username() != null) {
                b.user(c.username());
            }
            if (c.password() != null) {
                b.password(c.password());
            }
        }
        if (c.tls()) {
            if (c.sslContext() != null) {
                b.sslSocketFactory(c.sslContext().getSocketFactory());
            }
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm(c.verifyHostname() ? "HTTPS" : null);
            b.sslParameters(params);
        }
        return b;
    }

    private static Set<HostAndPort> hostsAndPorts(RedisConfig c) {
        Set<HostAndPort> set = new HashSet<>();
        for (RedisEndpoint e : c.endpoints()) {
            set.add(new HostAndPort(e.host(), e.port()));
        }
        return set;
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
