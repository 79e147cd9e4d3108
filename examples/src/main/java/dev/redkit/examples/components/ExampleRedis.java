package dev.redkit.examples.components;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Redis the component examples run on: {@code REDIS_URL} (or the cluster/sentinel variables) when set,
 * otherwise an embedded server started for the example and stopped when it ends.
 */
public final class ExampleRedis implements AutoCloseable {

    private final @Nullable EmbeddedRedis embedded;
    private final RedisConnector connector;

    private ExampleRedis() {
        Optional<RedisConfig> configured = RedisConfig.fromEnvIfSet(System.getenv());
        if (configured.isPresent()) {
            this.embedded = null;
            this.connector = RedisConnector.create(configured.get());
        } else {
            EmbeddedRedis started = EmbeddedRedis.start();
            this.embedded = started;
            this.connector = RedisConnector.create(started.config());
        }
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
