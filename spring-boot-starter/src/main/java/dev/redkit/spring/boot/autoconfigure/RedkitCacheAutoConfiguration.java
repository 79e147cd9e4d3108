package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-through caches ({@link RedkitCaches}) and, unless the application declares its own, a Spring
 * {@link CacheManager} over them, when {@code redkit-cache} is on the class path. Runs before Boot's cache
 * auto-configuration, so {@code @EnableCaching} picks Redkit's manager.
 */
@AutoConfiguration(
        after = RedkitAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(ReadThroughCache.class)
public class RedkitCacheAutoConfiguration {

    /**
     * The typed caches.
     *
     * @param connector the connector
     * @param properties Redkit's properties
     * @param mappers the application's Jackson mapper, if any
     * @return the caches
     */
    @Bean
    @ConditionalOnMissingBean
    public RedkitCaches redkitCaches(
            RedisConnector connector, RedkitProperties properties, ObjectProvider<JsonMapper> mappers) {
        JsonMapper mapper = mappers.getIfAvailable();
        return new RedkitCaches(
                connector,
                properties.getCache(),
                type -> mapper == null ? Codecs.json(type) : Codecs.json(type, mapper));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CacheManager.class)
    @ConditionalOnProperty(name = "redkit.spring-cache.enabled", matchIfMissing = true)
    static class SpringCacheConfiguration {

        @Bean
        @ConditionalOnMissingBean(CacheManager.class)
        RedkitCacheManager cacheManager(
                RedkitCaches caches,
                RedkitProperties properties,
                ObjectProvider<JsonMapper> mappers,
                BeanFactory beanFactory) {
            List<String> trusted = new ArrayList<>(properties.getSpringCache().getTrustedPackages());
            if (AutoConfigurationPackages.has(beanFactory)) {
                trusted.addAll(AutoConfigurationPackages.get(beanFactory));
            }
            JsonMapper mapper =
                    mappers.getIfAvailable(() -> JsonMapper.builder().build());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return new RedkitCacheManager(
                    caches,
                    new SpringCacheCodec(
                            mapper,
                            trusted,
                            loader != null ? loader : RedkitCacheAutoConfiguration.class.getClassLoader()));
        }
    }
}
