package dev.redkit.examples.components;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.Optional;

/**
 * The Redis the component examples run on: {@code REDIS_URL} (or the cluster/sentinel variables) when set,
 * otherwise an embedded server started for the example and stopped when it ends.
 */
public final class ExampleRedis implements AutoCloseable {

    private final EmbeddedRedis embedded;
    private final RedisConnector connector;

    private ExampleRedis() {
        Optional<RedisConfig> configured = RedisConfig.fromEnvIfSet(System.getenv());
        this.embedded = configured.isPresent() ? null : EmbeddedRedis.start();
        this.connector = RedisConnector.create(configured.orElseGet(embedded::config));
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
