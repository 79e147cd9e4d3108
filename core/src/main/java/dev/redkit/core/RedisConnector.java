package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one connection to Redis an application shares between all Redkit components: it builds the Jedis
 * client that fits the configured {@link Topology} ({@code RedisClient}, {@code RedisClusterClient} or
 * {@code RedisSentinelClient}), owns its connection pool, and hands components the small
 * {@link RedisOps} seam, {@link KeySpace}s under the configured prefix and an optional
 * {@link MeterRegistry}. An application that already has a Jedis client can {@linkplain #wrap(UnifiedJedis,
 * RedisConfig, MeterRegistry) wrap} it instead, so it runs one pool, not two.
 *
 * <!-- snippet: CoreSnippets#redisConnector -->
 * <pre>{@code
 * try (RedisConnector redis = RedisConnector.create(RedisConfig.fromEnv())) {
 *     RedisHealth health = redis.health();
 *     SessionStore sessions =
 *             SessionStore.builder(redis, "default", sessionKey).build();
 * }
 * }</pre>
 *
 * <h2>Many callers, few connections</h2>
 * Every {@link RedisOps} call (a command, script, pipeline or publish) first takes a turn at a fair queue with
 * one place per pooled connection ({@link RedisConfig#maxConnections()}), so a call with its turn always finds a
 * free connection. Callers beyond the pool (a burst of thousands of virtual threads, say) wait in arrival order
 * within their {@linkplain RedisConfig#callTimeout() call deadline}, which covers the wait and the call: a caller
 * gets its turn only while the call can still run before the deadline, otherwise it fails with
 * {@link RedisUnavailableException} and nothing is sent. At most {@link RedisConfig#maxQueuedCalls()} callers wait;
 * one more fails at once. No monitor is held while waiting, so waiting virtual threads do not pin their carriers.
 * On Cluster, where the pool is per node, the queue admits {@code maxConnections} calls in all. A subscription
 * holds its place while subscribed. With a registry the connector publishes the gauges {@code redkit.pool.in_use},
 * {@code redkit.pool.waiters} and {@code redkit.pool.size} and the timer {@code redkit.pool.wait} (each call's wait
 * for its turn), tagged {@code client} with the client name.
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
    private final @Nullable MeterRegistry meterRegistry;
    private final UnifiedJedis jedis;
    private final boolean ownsClient;
    private final JedisRedisOps ops;

    private RedisConnector(RedisConfig config, @Nullable MeterRegistry meterRegistry, @Nullable UnifiedJedis client) {
        this.config = Checks.notNull(config, "config");
        this.meterRegistry = meterRegistry;
        JedisSupport.requireSupported();
        String endpoint = config.describeEndpoints();
        this.ownsClient = client == null;
        if (client != null) {
            JedisClients.requireFits(client, config);
            this.jedis = client;
        } else {
            try {
                this.jedis = JedisClients.build(config);
            } catch (RuntimeException e) {
                throw JedisErrors.translate(e, RedisCommand.builder("CONNECT").build(), endpoint);
            }
        }
        this.ops = new JedisRedisOps(jedis, endpoint, config);
        if (meterRegistry != null) {
            ops.gate().bindTo(meterRegistry, config.clientName());
        }
        LOG.debug("{} {}", ownsClient ? "connected" : "wrapped a client for", config);
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
        return new RedisConnector(config, null, null);
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
    public static RedisConnector create(RedisConfig config, @Nullable MeterRegistry meterRegistry) {
        return new RedisConnector(config, meterRegistry, null);
    }

    /**
     * Wraps a Jedis client the application already owns, without metrics; see
     * {@link #wrap(UnifiedJedis, RedisConfig, MeterRegistry)}.
     *
     * @param client the application's client
     * @param config the settings Redkit applies on top of it
     * @return the connector
     * @throws IllegalArgumentException if {@code client} is null or does not fit the configured topology
     * @throws IllegalStateException if the Jedis on the class path is older than 7.4.1
     */
    public static RedisConnector wrap(UnifiedJedis client, RedisConfig config) {
        return wrap(client, config, null);
    }

    /**
     * Wraps a Jedis client the application already owns ({@code RedisClient}, {@code RedisSentinelClient}, or
     * {@code RedisClusterClient} for Cluster), so Redkit shares its pool instead of opening a second one.
     * {@link #close()} leaves the client open: it stays the application's to close, after the connector.
     *
     * <p>From {@code config} Redkit takes the key prefix, the client name (for meters), the call deadline
     * ({@link RedisConfig#callTimeout()}, {@link RedisConfig#runBudget()}), the queue's bound and, as the number
     * of calls it runs at once, {@link RedisConfig#maxConnections()}: set that to at most the client's own pool
     * size (per node on Cluster), less what the application itself uses at once, so a Redkit call with its turn
     * finds a free connection. Its topology must match the client's ({@code CLUSTER} for a
     * {@code RedisClusterClient} and only then), and its socket timeout should be the client's, because the
     * deadline counts on it. Connection settings (endpoints, credentials, TLS, pool, timeouts of the sockets)
     * are the client's; those in {@code config} name the endpoints in messages only.
     *
     * <p>The client must speak RESP2, as Redkit's own clients do: on Jedis 8, build it with
     * {@code .protocol(RedisProtocol.RESP2)} in its client configuration (Jedis 8 negotiates RESP3 otherwise,
     * whose replies Redkit does not read).
     *
     * <!-- snippet: CoreSnippets#redisConnectorWrap -->
     * <pre>{@code
     * RedisClient jedis = RedisClient.builder()
     *         .hostAndPort("localhost", 6379)
     *         .clientConfig(DefaultJedisClientConfig.builder()
     *                 .protocol(RedisProtocol.RESP2)
     *                 .build())
     *         .build();
     * RedisConnector redis = RedisConnector.wrap(
     *         jedis,
     *         RedisConfig.builder()
     *                 .standalone("localhost", 6379)
     *                 .maxConnections(4)
     *                 .build());
     * }</pre>
     *
     * @param client the application's client
     * @param config the settings Redkit applies on top of it
     * @param meterRegistry the registry, or {@code null} for none
     * @return the connector
     * @throws IllegalArgumentException if {@code client} is null or does not fit the configured topology
     * @throws IllegalStateException if the Jedis on the class path is older than 7.4.1
     */
    public static RedisConnector wrap(UnifiedJedis client, RedisConfig config, @Nullable MeterRegistry meterRegistry) {
        Checks.notNull(client, "client");
        return new RedisConnector(config, meterRegistry, client);
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
    public @Nullable MeterRegistry meterRegistry() {
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
            String info = Replies.asText(
                    ops.execute(RedisCommand.builder("INFO").arg("server").build()));
            return new RedisHealth(true, latency, infoField(info, "redis_version"), config.topology(), null);
        } catch (RedkitException e) {
            return new RedisHealth(
                    false, Duration.ofNanos(System.nanoTime() - start), null, config.topology(), e.getMessage());
        }
    }

    static @Nullable String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    /**
     * Closes the pool and every connection; idempotent. A {@linkplain #wrap(UnifiedJedis, RedisConfig) wrapped}
     * client stays open: it is the application's to close.
     */
    @Override
    public void close() {
        ops.close();
        if (ownsClient) {
            jedis.close();
        }
    }

    @Override
    public String toString() {
        return "RedisConnector{" + config + '}';
    }
}
