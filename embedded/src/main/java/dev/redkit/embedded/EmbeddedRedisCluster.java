package dev.redkit.embedded;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A real Redis Cluster of {@code redis-server} processes on loopback ports: three masters by default,
 * the 16384 slots split evenly between them with {@code CLUSTER ADDSLOTSRANGE}, joined with
 * {@code CLUSTER MEET}, optionally with replicas, and ready when every node reports
 * {@code cluster_state:ok}.
 *
 * <p>Tests reach each node through {@link #masters()} and {@link #replicas()} to kill, pause or
 * fail over one of them.
 * <!-- snippet: EmbeddedSnippets#embeddedRedisCluster -->
 * <pre>{@code
 * try (EmbeddedRedisCluster cluster =
 *                 EmbeddedRedisCluster.builder().masters(3).start();
 *         RedisConnector connector = RedisConnector.create(cluster.config())) {
 *     connector.ping();
 * }
 * }</pre>
 * Thread-safe for reads; lifecycle methods are synchronized.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<EmbeddedRedis> masters;
    private final List<EmbeddedRedis> replicas;

    private EmbeddedRedisCluster(List<EmbeddedRedis> masters, List<EmbeddedRedis> replicas) {
        this.masters = List.copyOf(masters);
        this.replicas = List.copyOf(replicas);
    }

    /**
     * Starts building a cluster.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the master nodes, in slot order (the first owns slot 0) */
    public List<EmbeddedRedis> masters() {
        return masters;
    }

    /** @return the replica nodes, possibly empty */
    public List<EmbeddedRedis> replicas() {
        return replicas;
    }

    /** @return every node's endpoint, masters first */
    public List<RedisEndpoint> seedNodes() {
        List<RedisEndpoint> list = new ArrayList<>();
        masters.forEach(m -> list.add(m.endpoint()));
        replicas.forEach(r -> list.add(r.endpoint()));
        return list;
    }

    /** @return {@code redis+cluster://host:port,host:port,...} */
    public String url() {
        StringBuilder sb = new StringBuilder("redis+cluster://");
        List<RedisEndpoint> nodes = seedNodes();
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(nodes.get(i));
        }
        return sb.toString();
    }

    /** @return a Cluster configuration with Redkit's defaults */
    public RedisConfig config() {
        return RedisConfig.builder().cluster(seedNodes()).build();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}.
     *
     * @param timeoutMillis how long to wait
     * @throws IllegalStateException if the cluster is not ok in time
     */
    public void awaitHealthy(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            boolean ok = true;
            for (EmbeddedRedis node : allNodes()) {
                if (!node.isRunning()) {
                    continue;
                }
                try (Jedis jedis = node.client(1000)) {
                    String info = jedis.clusterInfo();
                    ok &= "ok".equals(EmbeddedRedis.infoField(info, "cluster_state"))
                            && Integer.toString(allNodes().size())
                                    .equals(EmbeddedRedis.infoField(info, "cluster_known_nodes"));
                } catch (RuntimeException e) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster not ok within " + timeoutMillis + " ms");
            }
            EmbeddedRedis.sleep(50);
        }
    }

    /**
     * Promotes a replica with {@code CLUSTER FAILOVER}, asking again if it has not taken over after 10 s
     * (a manual failover aborts silently when the old master does not pause its clients in time, as on a
     * loaded machine), and waits until it reports the master role.
     *
     * @param replica one of {@link #replicas()}
     * @throws IllegalStateException if it is not master after three tries
     */
    public void failover(EmbeddedRedis replica) {
        for (int attempt = 1; ; attempt++) {
            try (Jedis r = replica.client(2000)) {
                r.sendCommand(Protocol.Command.CLUSTER, "FAILOVER");
            }
            try {
                replica.awaitRole("master", 10_000);
                return;
            } catch (IllegalStateException notYet) {
                if (attempt == 3) {
                    throw notYet;
                }
            }
        }
    }

    private List<EmbeddedRedis> allNodes() {
        List<EmbeddedRedis> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return all;
    }

    /** Kills every node and deletes their files. */
    @Override
    public synchronized void close() {
        for (EmbeddedRedis node : allNodes()) {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedRedisCluster{" + url() + '}';
    }

    /** Configures an {@link EmbeddedRedisCluster}. Not thread-safe. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster;
        private boolean appendOnly;
        private String nodeTimeoutMillis = "2000";

        private Builder() {}

        /**
         * Number of masters, 3 by default.
         *
         * @param masters 1 to 16
         * @return this builder
         */
        public Builder masters(int masters) {
            if (masters < 1 || masters > 16) {
                throw new IllegalArgumentException("masters must be 1-16, was " + masters);
            }
            this.masters = masters;
            return this;
        }

        /**
         * Replicas per master, 0 by default.
         *
         * @param replicas 0 to 2
         * @return this builder
         */
        public Builder replicasPerMaster(int replicas) {
            if (replicas < 0 || replicas > 2) {
                throw new IllegalArgumentException("replicasPerMaster must be 0-2, was " + replicas);
            }
            this.replicasPerMaster = replicas;
            return this;
        }

        /**
         * Append-only persistence on every node (see {@link EmbeddedRedis.Builder#appendOnly(boolean)}).
         *
         * @param on true to persist
         * @return this builder
         */
        public Builder appendOnly(boolean on) {
            this.appendOnly = on;
            return this;
        }

        /**
         * {@code cluster-node-timeout}, 2 s by default so that failover tests are quick.
         *
         * @param millis 100 or more
         * @return this builder
         */
        public Builder nodeTimeoutMillis(long millis) {
            if (millis < 100) {
                throw new IllegalArgumentException("nodeTimeoutMillis must be at least 100, was " + millis);
            }
            this.nodeTimeoutMillis = Long.toString(millis);
            return this;
        }

        /**
         * Starts the nodes, assigns slots, joins them and waits for {@code cluster_state:ok}.
         *
         * @return the running cluster
         * @throws IllegalStateException if the cluster does not form
         */
        public EmbeddedRedisCluster start() {
            List<EmbeddedRedis> ms = new ArrayList<>();
            List<EmbeddedRedis> rs = new ArrayList<>();
            try {
                for (int i = 0; i < masters; i++) {
                    ms.add(node());
                }
                for (int i = 0; i < masters * replicasPerMaster; i++) {
                    rs.add(node());
                }
                for (int i = 0; i < masters; i++) {
                    int from = i * SLOTS / masters;
                    int to = (i + 1) * SLOTS / masters - 1;
                    try (Jedis j = jedis(ms.get(i))) {
                        j.sendCommand(
                                Protocol.Command.CLUSTER,
                                "ADDSLOTSRANGE",
                                Integer.toString(from),
                                Integer.toString(to));
                    }
                }
                EmbeddedRedis first = ms.get(0);
                try (Jedis j = jedis(first)) {
                    for (EmbeddedRedis other : ms.subList(1, ms.size())) {
                        j.clusterMeet(other.host(), other.port());
                    }
                    for (EmbeddedRedis other : rs) {
                        j.clusterMeet(other.host(), other.port());
                    }
                }
                EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(ms, rs);
                cluster.awaitHealthy(20_000);
                for (int i = 0; i < rs.size(); i++) {
                    String masterId;
                    try (Jedis j = jedis(ms.get(i % masters))) {
                        masterId = j.clusterMyId();
                    }
                    replicate(rs.get(i), masterId);
                }
                cluster.awaitHealthy(20_000);
                return cluster;
            } catch (RuntimeException e) {
                ms.forEach(EmbeddedRedis::close);
                rs.forEach(EmbeddedRedis::close);
                throw e;
            }
        }

        private static void replicate(EmbeddedRedis replica, String masterId) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean asked = false;
            while (true) {
                try (Jedis j = jedis(replica)) {
                    if (!asked) {
                        j.clusterReplicate(masterId);
                        asked = true;
                    }
                    if ("up".equals(EmbeddedRedis.infoField(j.info("replication"), "master_link_status"))) {
                        return;
                    }
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "replica " + replica.port() + " could not follow " + masterId, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "replica " + replica.port() + " did not sync with " + masterId + ": " + replica.logTail());
                }
                EmbeddedRedis.sleep(50);
            }
        }

        private EmbeddedRedis node() {
            return EmbeddedRedis.builder()
                    .setting("cluster-enabled", "yes")
                    .setting("cluster-config-file", "nodes.conf")
                    .setting("cluster-node-timeout", nodeTimeoutMillis)
                    .setting("repl-diskless-sync-delay", "0")
                    .appendOnly(appendOnly)
                    .enableDebugCommand()
                    .start();
        }

        private static Jedis jedis(EmbeddedRedis node) {
            return node.client(2000);
        }
    }
}
