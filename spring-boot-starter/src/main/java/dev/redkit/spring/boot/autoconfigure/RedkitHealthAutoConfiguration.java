package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisConnector;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code redkit} health contributor, when Boot's health support is on the class path. */
@AutoConfiguration(after = {RedkitAutoConfiguration.class, RedkitQueueAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RedisConnector.class)
@ConditionalOnEnabledHealthIndicator("redkit")
public class RedkitHealthAutoConfiguration {

    /**
     * The indicator, named {@code redkit} in {@code /actuator/health}.
     *
     * @param connector the connector
     * @param workers the queue workers, if any
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "redkitHealthIndicator")
    public RedkitHealthIndicator redkitHealthIndicator(
            RedisConnector connector, ObjectProvider<RedkitWorkersStatus> workers) {
        return new RedkitHealthIndicator(connector, () -> {
            RedkitWorkersStatus w = workers.getIfAvailable();
            return w == null ? Map.of() : w.status();
        });
    }
}
