package dev.redkit.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the Jedis client for a {@link RedisConfig}. A class of its own so that {@link RedisConnector} loads
 * on a Jedis without these clients and can report that with {@link JedisSupport#requireSupported()}.
 */
final class JedisClients {

    private JedisClients() {}

    @SuppressWarnings("deprecation") // maxWaitForConnection only reaches the pool (RedisConfig)
    static UnifiedJedis build(RedisConfig c) {
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
                return RedisClient.builder()
                        .hostAndPort(e.host(), e.port())
                        .clientConfig(clientConfig)
                        .poolConfig(pool)
                        .build();
            case CLUSTER:
                return RedisClusterClient.builder()
                        .nodes(hostsAndPorts(c))
                        .clientConfig(clientConfig)
                        .poolConfig(pool)
                        .maxAttempts(c.clusterMaxAttempts())
                        // retries start only within the run budget's first socket timeout ("Call deadline",
                        // RedisConfig)
                        .maxTotalRetriesDuration(c.runBudget().minus(c.socketTimeout()))
                        .build();
            default:
                return RedisSentinelClient.builder()
                        .masterName(c.sentinelMaster())
                        .sentinels(hostsAndPorts(c))
                        .clientConfig(clientConfig)
                        .sentinelClientConfig(clientConfig(c, false).build())
                        .poolConfig(pool)
                        .build();
        }
    }

    /**
     * Checks that an application's client fits the configured topology: a {@code RedisClusterClient} for Cluster
     * and only then (the Cluster paths, pipelines and slot-map refreshes, need its API).
     */
    static void requireFits(UnifiedJedis client, RedisConfig c) {
        boolean clusterClient = client instanceof RedisClusterClient;
        if (clusterClient != (c.topology() == Topology.CLUSTER)) {
            throw new IllegalArgumentException("client is a "
                    + client.getClass().getSimpleName() + " but config's"
                    + " topology is " + c.topology() + ": wrap a RedisClusterClient with a cluster(...) config, any"
                    + " other client with a standalone(...) or sentinel(...) config");
        }
    }

    private static DefaultJedisClientConfig.Builder clientConfig(RedisConfig c, boolean dataNode) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder();
        if (!JedisSupport.legacy()) {
            // Jedis 8 negotiates RESP3 unless told otherwise; Jedis 7 speaks RESP2 without a HELLO
            b.protocol(RedisProtocol.RESP2);
        }
        b.connectionTimeoutMillis((int) c.connectTimeout().toMillis())
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
}
