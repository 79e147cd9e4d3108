/**
 * Spring Boot auto-configuration for Redkit: the connector from {@code redkit.redis.url} or Boot's Redis
 * settings, one bean per component module on the class path, {@link RedkitCaches} and a Spring
 * {@code CacheManager}, {@link RedkitQueues} with workers bound by {@link JobHandlerBinding} beans, the
 * {@code redkit} health contributor, the opt-in {@link RedkitRateLimitFilter}, and {@link EmbeddedRedkit} for
 * tests. Properties: {@link RedkitProperties}.
 */
@NullMarked
package dev.redkit.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
