package dev.redkit.benchmarks;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * One embedded Redis per benchmark trial, with the three clients every benchmark compares: a Redkit
 * {@link RedisConnector}, a raw Jedis {@link RedisClient} (the floor) and, created on first use, a
 * Redisson client. All use pools of 64 connections. {@link ReplicatedBackend} adds one replica. Set {@code -Dredkit.bench.url=redis://host:port}
 * to benchmark an external server instead.
 *
 * <p>During measurement iterations it also records what the server did ({@link ServerStats}: commands
 * executed, CPU seconds, bytes in and out), so the report can show the Redis work per operation even
 * when timings are noisy.
 */
@State(Scope.Benchmark)
public class RedisBackend {

    /** Pool size for every client. */
    public static final int POOL = 64;

    private @Nullable EmbeddedRedis server;
    private @Nullable EmbeddedRedis replica;
    private RedisConnector connector;
    private RedisClient jedis;
    private @Nullable RedissonClient redisson;
    private RedisConfig config;
    private BenchmarkParams benchmark;
    private boolean measuring;
    private long iterationStartNanos;
    private long measuredNanos;
    private @Nullable ServerStats iterationStart;
    private ServerStats totals = ServerStats.ZERO;

    /** Starts the server and the Redkit and Jedis clients. */
    @Setup(Level.Trial)
    public void start() {
        String url = System.getProperty("redkit.bench.url");
        RedisConfig base;
        if (url == null) {
            server = EmbeddedRedis.start();
            base = server.config();
            if (withReplica()) {
                replica = EmbeddedRedis.builder()
                        .setting("repl-diskless-sync-delay", "0")
                        .setting("replicaof", server.host() + " " + server.port())
                        .start();
                server.awaitOnlineReplicas(1, 30_000);
            }
        } else {
            base = RedisConfig.fromUrl(url);
        }
        config = base.toBuilder()
                .maxConnections(POOL)
                .keyPrefix("bench" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36))
                .build();
        connector = RedisConnector.create(config);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL);
        pool.setMaxIdle(POOL);
        jedis = RedisClient.builder()
                .hostAndPort(host(), port())
                .clientConfig(DefaultJedisClientConfig.builder().resp2().build())
                .poolConfig(pool)
                .build();
    }

    /**
     * Before each measurement iteration: snapshot the server's counters.
     *
     * @param iteration JMH's iteration parameters
     */
    @Setup(Level.Iteration)
    public void beforeIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        if (measuring) {
            iterationStart = ServerStats.read(jedis);
            iterationStartNanos = System.nanoTime();
        }
    }

    /** After each measurement iteration: add the counters' deltas to the trial's totals. */
    @TearDown(Level.Iteration)
    public void afterIteration() {
        ServerStats start = iterationStart;
        if (measuring && start != null) {
            measuredNanos += System.nanoTime() - iterationStartNanos;
            totals = totals.plus(ServerStats.read(jedis).minus(start));
        }
    }

    /**
     * Remembers which benchmark this trial runs, for the server statistics file.
     *
     * @param params JMH's benchmark parameters
     */
    @Setup(Level.Trial)
    public void describe(BenchmarkParams params) {
        this.benchmark = params;
    }

    /** Closes every client and stops the server, after writing the trial's server statistics. */
    @TearDown(Level.Trial)
    public void stop() {
        ServerStats.append(benchmark, totals, measuredNanos);
        if (redisson != null) {
            redisson.shutdown();
        }
        jedis.close();
        connector.close();
        if (replica != null) {
            replica.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Whether the embedded server gets one replica (for strict-mode benchmarks, which wait for it with
     * {@code WAIT}); Redisson then connects in master/replica mode. Ignored with {@code redkit.bench.url}.
     *
     * @return false here; {@link ReplicatedBackend} says true
     */
    protected boolean withReplica() {
        return false;
    }

    /** @return the Redkit connector (random key prefix per trial) */
    public RedisConnector connector() {
        return connector;
    }

    /** @return the raw Jedis client, the floor every benchmark compares against */
    public RedisClient jedis() {
        return jedis;
    }

    /** @return a Redisson client on the same server, created on first use */
    public synchronized RedissonClient redisson() {
        if (redisson == null) {
            Config c = new Config();
            if (replica != null) {
                c.useMasterSlaveServers()
                        .setMasterAddress("redis://" + host() + ":" + port())
                        .addSlaveAddress("redis://" + replica.host() + ":" + replica.port())
                        .setMasterConnectionPoolSize(POOL)
                        .setMasterConnectionMinimumIdleSize(POOL);
            } else {
                c.useSingleServer()
                        .setAddress("redis://" + host() + ":" + port())
                        .setConnectionPoolSize(POOL)
                        .setConnectionMinimumIdleSize(POOL);
            }
            redisson = Redisson.create(c);
        }
        return redisson;
    }

    /** @return the key prefix of this trial, for keys written by raw clients */
    public String prefix() {
        return config.keyPrefix();
    }

    /** @return the server host */
    public String host() {
        return config.endpoints().get(0).host();
    }

    /** @return the server port */
    public int port() {
        return config.endpoints().get(0).port();
    }
}
