package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.Topology;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.StringJoiner;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners pointed at the test's Redis (standalone or Cluster) under the test's random key prefix. */
final class TestApps {

    static final AutoConfigurations REDKIT = AutoConfigurations.of(
            RedkitAutoConfiguration.class,
            RedkitCacheAutoConfiguration.class,
            RedkitQueueAutoConfiguration.class,
            RedkitHealthAutoConfiguration.class);

    private TestApps() {}

    static String url(RedisConfig config) {
        StringJoiner nodes = new StringJoiner(",");
        for (RedisEndpoint e : config.endpoints()) {
            nodes.add(e.host() + ":" + e.port());
        }
        return (config.topology() == Topology.CLUSTER ? "redis+cluster://" : "redis://") + nodes;
    }

    static ApplicationContextRunner runner(RedisTestContext ctx) {
        return new ApplicationContextRunner()
                .withConfiguration(REDKIT)
                .withPropertyValues(
                        "redkit.redis.url=" + url(ctx.config()),
                        "redkit.redis.key-prefix=" + ctx.keyPrefix(),
                        "redkit.otp.secret=0123456789abcdef0123456789abcdef",
                        "redkit.session.secret=fedcba9876543210fedcba9876543210");
    }
}
