package dev.redkit.embedded.junit;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What a {@link RedisTest} method gets to inspect and disturb the Redis it runs against: its own
 * connector and key prefix, more connectors (to play several application instances), command
 * counters, every key under the prefix, and the server processes themselves.
 *
 * <p>Servers a test kills or pauses through {@link #dataNodes()} are resumed or restarted after the
 * test, so later tests find them healthy. Not thread-safe; use from the test's thread.
 */
public final class RedisTestContext implements AutoCloseable {

    private final SharedRedis shared;
    private final RedisConfig config;
    private final RedisConnector connector;
    private final List<RedisConnector> extra = new ArrayList<>();
    private final List<CommandCounter> counters = new ArrayList<>();

    RedisTestContext(SharedRedis shared, String keyPrefix) {
        this.shared = shared;
        this.config = shared.baseConfig().toBuilder().keyPrefix(keyPrefix).build();
        this.connector = RedisConnector.create(config);
    }

    /** @return this test's connector (random key prefix), closed after the test */
    public RedisConnector connector() {
        return connector;
    }

    /** @return this test's configuration */
    public RedisConfig config() {
        return config;
    }

    /** @return this test's random key prefix */
    public String keyPrefix() {
        return config.keyPrefix();
    }

    /** @return the topology under test */
    public Topology topology() {
        return shared.topology;
    }

    /**
     * Another connector with the same key prefix, as a second application instance would have;
     * closed after the test.
     *
     * @return a new connector
     */
    public RedisConnector newConnector() {
        return newConnector(UnaryOperator.identity());
    }

    /**
     * Another connector with a changed configuration (shorter timeouts, a smaller pool); closed after
     * the test.
     *
     * @param change changes the builder, which starts from this test's configuration
     * @return a new connector
     */
    public RedisConnector newConnector(UnaryOperator<RedisConfig.Builder> change) {
        RedisConnector c = RedisConnector.create(
                Objects.requireNonNull(change.apply(config.toBuilder())).build());
        extra.add(c);
        return c;
    }

    /**
     * Starts counting the commands clients send to the data nodes; closed after the test.
     *
     * @return a counter
     */
    public CommandCounter commandCounter() {
        CommandCounter counter = new CommandCounter(shared.dataNodes());
        counters.add(counter);
        return counter;
    }

    /**
     * Every key under this test's prefix on every data node, found with {@code SCAN}.
     *
     * @return the keys
     */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanParams params = new ScanParams().match(keyPrefix() + ":*").count(1000);
        for (EmbeddedRedis node : shared.dataNodes()) {
            try (Jedis jedis = jedis(node)) {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    keys.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
        }
        return keys;
    }

    /**
     * Runs a raw command on the data node that owns a key, bypassing Redkit: for assertions on TTLs,
     * memory usage or stored bytes.
     *
     * @param key the key (decides the node on Cluster)
     * @param command the command name
     * @param args arguments after the command name
     * @return the raw Jedis reply
     */
    public Object raw(String key, String command, String... args) {
        EmbeddedRedis node = nodeFor(key);
        try (Jedis jedis = jedis(node)) {
            return jedis.sendCommand(() -> command.getBytes(java.nio.charset.StandardCharsets.US_ASCII), args);
        }
    }

    /**
     * Runs {@code SCRIPT FLUSH} on every data node, so the next script call meets {@code NOSCRIPT}.
     */
    public void flushScripts() {
        for (EmbeddedRedis node : shared.dataNodes()) {
            try (Jedis jedis = jedis(node)) {
                jedis.scriptFlush();
            }
        }
    }

    /**
     * The processes holding data: the standalone server, or the Cluster's masters. A test may kill,
     * pause or restart them; they are made healthy again after the test.
     *
     * @return the nodes
     */
    public List<EmbeddedRedis> dataNodes() {
        return shared.dataNodes();
    }

    private EmbeddedRedis nodeFor(String key) {
        if (shared.topology != Topology.CLUSTER) {
            return shared.standalone();
        }
        for (EmbeddedRedis node : shared.dataNodes()) {
            try (Jedis jedis = jedis(node)) {
                long slot = jedis.clusterKeySlot(key);
                List<Object> slots = jedis.clusterSlots();
                for (Object range : slots) {
                    List<?> r = (List<?>) range;
                    long from = (Long) r.get(0);
                    long to = (Long) r.get(1);
                    long port = (Long) ((List<?>) r.get(2)).get(1);
                    if (slot >= from && slot <= to) {
                        for (EmbeddedRedis n : shared.dataNodes()) {
                            if (n.port() == port) {
                                return n;
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                continue;
            }
        }
        throw new IllegalStateException("no node owns key " + key);
    }

    private static Jedis jedis(EmbeddedRedis node) {
        return node.client(5000);
    }

    /** Closes the connectors and heals the servers. */
    @Override
    public void close() {
        counters.forEach(CommandCounter::close);
        connector.close();
        extra.forEach(RedisConnector::close);
        boolean restarted = false;
        for (EmbeddedRedis node : shared.dataNodes()) {
            if (node.isPaused()) {
                node.resume();
            }
            if (!node.isRunning()) {
                node.restart();
                restarted = true;
            }
        }
        if (restarted && shared.cluster != null) {
            shared.cluster.awaitHealthy(30_000);
        }
    }
}
