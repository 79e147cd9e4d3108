package dev.redkit.embedded.junit;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The one server or cluster per JVM that {@link RedisTest} classes share; stopped when the JVM exits. */
final class SharedRedis {

    private static @Nullable SharedRedis instance;

    final Topology topology;
    final @Nullable EmbeddedRedis standalone;
    final @Nullable EmbeddedRedisCluster cluster;

    private SharedRedis(Topology topology) {
        this.topology = topology;
        if (topology == Topology.CLUSTER) {
            this.cluster = EmbeddedRedisCluster.builder().masters(3).start();
            this.standalone = null;
        } else {
            this.standalone = EmbeddedRedis.builder().enableDebugCommand().start();
            this.cluster = null;
        }
    }

    static synchronized SharedRedis get() {
        if (instance == null) {
            instance = new SharedRedis(topologyFromProperty());
        }
        return instance;
    }

    static Topology topologyFromProperty() {
        String value =
                System.getProperty("redkit.topology", "standalone").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "standalone":
                return Topology.STANDALONE;
            case "cluster":
                return Topology.CLUSTER;
            default:
                throw new IllegalArgumentException(
                        "redkit.topology must be standalone or cluster, was '" + value + "'");
        }
    }

    RedisConfig baseConfig() {
        return topology == Topology.CLUSTER ? cluster().config() : standalone().config();
    }

    /** The servers that hold data: the standalone server, or the cluster's masters. */
    List<EmbeddedRedis> dataNodes() {
        return topology == Topology.CLUSTER ? cluster().masters() : List.of(standalone());
    }

    /** The standalone server; only in the standalone topology. */
    EmbeddedRedis standalone() {
        if (standalone == null) {
            throw new IllegalStateException("no standalone server in the " + topology + " topology");
        }
        return standalone;
    }

    /** The cluster; only in the cluster topology. */
    EmbeddedRedisCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster in the " + topology + " topology");
        }
        return cluster;
    }
}
