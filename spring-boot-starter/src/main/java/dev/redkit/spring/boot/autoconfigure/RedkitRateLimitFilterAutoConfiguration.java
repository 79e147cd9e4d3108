package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.ratelimit.RateLimiter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The opt-in servlet filter ({@code redkit.ratelimit.filter.enabled=true}) that applies the rate limits with
 * {@code paths} to web requests.
 */
@AutoConfiguration(
        after = RedkitAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RateLimiter.class, OncePerRequestFilter.class})
@ConditionalOnProperty("redkit.ratelimit.filter.enabled")
public class RedkitRateLimitFilterAutoConfiguration {

    /**
     * The filter's registration.
     *
     * @param limiters the limiters
     * @param properties Redkit's properties
     * @param mappers the application's Jackson mapper, if any
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "redkitRateLimitFilter")
    public FilterRegistrationBean<RedkitRateLimitFilter> redkitRateLimitFilter(
            RedkitRateLimiters limiters, RedkitProperties properties, ObjectProvider<JsonMapper> mappers) {
        RedkitRateLimitFilter filter = new RedkitRateLimitFilter(
                limiters,
                properties.getRatelimit().getLimits(),
                mappers.getIfAvailable(() -> JsonMapper.builder().build()));
        FilterRegistrationBean<RedkitRateLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("redkitRateLimitFilter");
        registration.setOrder(properties.getRatelimit().getFilter().getOrder());
        return registration;
    }
}
