package dev.redkit.examples.components;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;

/**
 * The Redis the component examples run on: {@code REDIS_URL} (or the cluster/sentinel variables) when set,
 * otherwise an embedded server started for the example and stopped when it ends.
 */
public final class ExampleRedis implements AutoCloseable {

    private final EmbeddedRedis embedded;
    private final RedisConnector connector;

    private ExampleRedis() {
        boolean configured = System.getenv("REDIS_URL") != null || System.getenv("REDIS_CLUSTER_NODES") != null
                || System.getenv("REDIS_SENTINELS") != null;
        this.embedded = configured ? null : EmbeddedRedis.start();
        RedisConfig config = configured ? RedisConfig.fromEnv() : embedded.config();
        this.connector = RedisConnector.create(config);
    }

    /** @return a connected instance; close it at the end */
    public static ExampleRedis start() {
        return new ExampleRedis();
    }

    /** @return the connector */
    public RedisConnector connector() {
        return connector;
    }

    @Override
    public void close() {
        connector.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
