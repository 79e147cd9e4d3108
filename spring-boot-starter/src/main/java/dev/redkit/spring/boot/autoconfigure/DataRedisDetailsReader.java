package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisEndpoint;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Reads Boot's {@link DataRedisConnectionDetails} (from {@code spring.data.redis.*}, Testcontainers or Docker
 * Compose); loaded only when Spring Data Redis is on the class path.
 */
final class DataRedisDetailsReader {

    private DataRedisDetailsReader() {}

    static BootRedisSettings read(DataRedisConnectionDetails details, boolean urlAsksForTls) {
        BootRedisSettings s = new BootRedisSettings();
        s.username = details.getUsername();
        s.password = details.getPassword();
        SslBundle bundle = details.getSslBundle();
        if (bundle != null) {
            s.ssl = true;
            s.sslContext = bundle.createSslContext();
        }
        s.ssl = s.ssl || urlAsksForTls;
        if (details.getMasterReplica() != null) {
            s.unsupported =
                    "spring.data.redis.masterreplica.nodes (Redkit connects to standalone, Sentinel or Cluster)";
        }
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (cluster != null) {
            s.kind = BootRedisSettings.Kind.CLUSTER;
            cluster.getNodes().forEach(n -> s.nodes.add(new RedisEndpoint(n.host(), n.port())));
        } else if (sentinel != null) {
            s.kind = BootRedisSettings.Kind.SENTINEL;
            s.sentinelMaster = sentinel.getMaster();
            s.database = sentinel.getDatabase();
            sentinel.getNodes().forEach(n -> s.nodes.add(new RedisEndpoint(n.host(), n.port())));
            if (sentinel.getPassword() != null) {
                s.unsupported = "spring.data.redis.sentinel.password (Redkit does not authenticate to Sentinels)";
            }
        } else {
            DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
            if (standalone != null) {
                s.host = standalone.getHost();
                s.port = standalone.getPort();
                s.database = standalone.getDatabase();
            }
        }
        return s;
    }
}
