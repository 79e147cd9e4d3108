package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.queue.ReliableQueue;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues ({@link RedkitQueues}) and their workers ({@link RedkitWorkers}, one per {@link JobHandlerBinding}
 * bean), when {@code redkit-queue} is on the class path.
 */
@AutoConfiguration(
        after = RedkitAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(ReliableQueue.class)
public class RedkitQueueAutoConfiguration {

    /**
     * The queues.
     *
     * @param connector the connector
     * @param properties Redkit's properties
     * @param mappers the application's Jackson mapper, if any
     * @return the queues
     */
    @Bean
    @ConditionalOnMissingBean
    public RedkitQueues redkitQueues(
            RedisConnector connector, RedkitProperties properties, ObjectProvider<JsonMapper> mappers) {
        JsonMapper mapper = mappers.getIfAvailable();
        return new RedkitQueues(
                connector,
                properties.getQueue(),
                type -> mapper == null ? Codecs.json(type) : Codecs.json(type, mapper));
    }

    /**
     * The workers of every {@link JobHandlerBinding} bean.
     *
     * @param queues the queues
     * @param bindings the bindings
     * @param environment for {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @return the lifecycle bean
     */
    @Bean
    @ConditionalOnMissingBean
    public RedkitWorkers redkitWorkers(
            RedkitQueues queues, ObjectProvider<JobHandlerBinding<?>> bindings, Environment environment) {
        Duration phase = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30));
        return new RedkitWorkers(queues, bindings.orderedStream().toList(), phase);
    }
}
