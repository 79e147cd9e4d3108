package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.AnalyticsBuilder;
import dev.redkit.analytics.Granularity;
import dev.redkit.analytics.UniqueMode;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.LeaderboardBuilder;
import dev.redkit.leaderboard.Order;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import dev.redkit.lock.RedisLock;
import dev.redkit.lock.RedisLockBuilder;
import dev.redkit.otp.OtpService;
import dev.redkit.otp.OtpServiceBuilder;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.MaxSessionsPolicy;
import dev.redkit.session.SessionStore;
import dev.redkit.session.SessionStoreBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configures Redkit's {@link RedisConnector} and one bean per component module found on the class
 * path: {@link SessionStore}, {@link OtpService}, {@link RedkitRateLimiters}, {@link RedisLock},
 * {@link Leaderboard} and {@link Analytics}. Caches, queues, health and the rate-limit filter have their own
 * auto-configurations. Every bean backs off when the application declares its own.
 *
 * <p>The connector is configured from {@code redkit.redis.url} when set; otherwise from Spring Boot's Redis
 * connection (its {@code DataRedisConnectionDetails} bean when Spring Data Redis is present, else the
 * {@code spring.data.redis.*} properties), so one setting serves Spring Data Redis and Redkit. Components
 * record their metrics in the application's {@link MeterRegistry} when there is one.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@EnableConfigurationProperties(RedkitProperties.class)
public class RedkitAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RedkitAutoConfiguration.class);

    /** Where the connector comes from when {@code redkit.redis.url} is unset and Spring Data Redis is present. */
    @FunctionalInterface
    interface BootRedisSource {
        @Nullable
        BootRedisSettings settings();
    }

    /**
     * The connection settings.
     *
     * @param properties Redkit's properties
     * @param environment the environment, for {@code spring.data.redis.*}
     * @param bootSource Boot's connection details, when Spring Data Redis is on the class path
     * @return the configuration
     */
    @Bean
    @ConditionalOnMissingBean
    public RedisConfig redkitRedisConfig(
            RedkitProperties properties, Environment environment, ObjectProvider<BootRedisSource> bootSource) {
        RedkitProperties.Redis redis = properties.getRedis();
        if (redis.getUrl() != null && !redis.getUrl().isBlank()) {
            RedisConfig config = RedisConfig.fromUrl(redis.getUrl());
            return redis.getKeyPrefix() == null
                    ? config
                    : config.toBuilder().keyPrefix(redis.getKeyPrefix()).build();
        }
        BootRedisSource source = bootSource.getIfAvailable();
        BootRedisSettings settings = source == null ? null : source.settings();
        if (settings == null) {
            settings = BootRedisSettings.fromProperties(environment);
        }
        return settings.toConfig(environment, redis.getKeyPrefix());
    }

    /**
     * The connector, closed with the context.
     *
     * @param config the configuration
     * @param registries the application's meter registry, if any
     * @return the connector
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RedisConnector redkitRedisConnector(RedisConfig config, ObjectProvider<MeterRegistry> registries) {
        MeterRegistry registry = registries.getIfAvailable();
        return registry == null ? RedisConnector.create(config) : RedisConnector.create(config, registry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
    static class DataRedisDetailsConfiguration {

        @Bean
        BootRedisSource redkitBootRedisSource(
                ObjectProvider<org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails> details,
                Environment environment) {
            return () -> {
                var d = details.getIfAvailable();
                if (d == null) {
                    return null;
                }
                String url = environment.getProperty("spring.data.redis.url", "");
                return DataRedisDetailsReader.read(
                        d, url.trim().toLowerCase(Locale.ROOT).startsWith("rediss:"));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SessionStore.class)
    static class SessionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SessionStore redkitSessionStore(RedisConnector connector, RedkitProperties properties) {
            RedkitProperties.Session p = properties.getSession();
            SessionStoreBuilder b = SessionStore.builder(
                    connector,
                    p.getName() == null ? "default" : p.getName(),
                    requiredSecret(p.getSecret(), "redkit.session.secret", properties.isDevMode()));
            if (p.getIdleTimeout() != null) {
                b.idleTimeout(p.getIdleTimeout());
            }
            if (p.getAbsoluteTimeout() != null) {
                b.absoluteTimeout(p.getAbsoluteTimeout());
            }
            if (p.getMaxSessionsPerUser() != null) {
                b.maxSessionsPerUser(p.getMaxSessionsPerUser());
            }
            if (p.getMaxSessionsPolicy() != null) {
                b.maxSessionsPolicy(parseEnum(
                        MaxSessionsPolicy.class, p.getMaxSessionsPolicy(), "redkit.session.max-sessions-policy"));
            }
            return b.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OtpService.class)
    static class OtpConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OtpService redkitOtpService(RedisConnector connector, RedkitProperties properties) {
            RedkitProperties.Otp p = properties.getOtp();
            OtpServiceBuilder b = OtpService.builder(
                    connector,
                    p.getName() == null ? "default" : p.getName(),
                    requiredSecret(p.getSecret(), "redkit.otp.secret", properties.isDevMode()));
            if (p.getDigits() != null) {
                b.digits(p.getDigits());
            }
            if (p.getTtl() != null) {
                b.ttl(p.getTtl());
            }
            if (p.getMaxAttempts() != null) {
                b.maxAttempts(p.getMaxAttempts());
            }
            if (p.getResendCooldown() != null) {
                b.resendCooldown(p.getResendCooldown());
            }
            if (p.getMaxSends() != null || p.getSendWindow() != null) {
                if (p.getMaxSends() == null || p.getSendWindow() == null) {
                    throw new IllegalStateException(
                            "redkit.otp.max-sends and redkit.otp.send-window must be set together");
                }
                b.maxSends(p.getMaxSends(), p.getSendWindow());
            }
            return b.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RateLimiter.class)
    static class RateLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RedkitRateLimiters redkitRateLimiters(RedisConnector connector, RedkitProperties properties) {
            return RedkitRateLimiters.create(
                    connector, properties.getRatelimit().getLimits());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisLock.class)
    static class LockConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RedisLock redkitRedisLock(RedisConnector connector, RedkitProperties properties) {
            RedkitProperties.Lock p = properties.getLock();
            RedisLockBuilder b = RedisLock.builder(connector, p.getName() == null ? "default" : p.getName());
            if (p.getLeaseTime() != null) {
                b.leaseTime(p.getLeaseTime());
            }
            if (p.getWatchdog() != null) {
                b.watchdog(p.getWatchdog());
            }
            if (p.getMaxRetryInterval() != null) {
                b.maxRetryInterval(p.getMaxRetryInterval());
            }
            return b.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Leaderboard.class)
    static class LeaderboardConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Leaderboard redkitLeaderboard(RedisConnector connector, RedkitProperties properties) {
            RedkitProperties.Leaderboard p = properties.getLeaderboard();
            LeaderboardBuilder b = Leaderboard.builder(connector, p.getName());
            if (p.getTies() != null) {
                b.ties(parseEnum(TiePolicy.class, p.getTies(), "redkit.leaderboard.ties"));
            }
            if (p.getOrder() != null) {
                b.order(parseEnum(Order.class, p.getOrder(), "redkit.leaderboard.order"));
            }
            if (p.getZone() != null) {
                b.zone(ZoneId.of(p.getZone()));
            }
            RedkitProperties.enumKeys(Period.class, p.getPeriods(), "redkit.leaderboard.periods")
                    .forEach(b::period);
            return b.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Analytics.class)
    static class AnalyticsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Analytics redkitAnalytics(RedisConnector connector, RedkitProperties properties) {
            RedkitProperties.Analytics p = properties.getAnalytics();
            AnalyticsBuilder b = Analytics.builder(connector, p.getName());
            if (p.getZone() != null) {
                b.zone(ZoneId.of(p.getZone()));
            }
            if (p.getUniqueMode() != null) {
                b.uniqueMode(parseEnum(UniqueMode.class, p.getUniqueMode(), "redkit.analytics.unique-mode"));
            }
            if (p.getTrendingHalfLife() != null) {
                b.trendingHalfLife(p.getTrendingHalfLife());
            }
            if (p.getActiveWindow() != null) {
                b.activeWindow(p.getActiveWindow());
            }
            RedkitProperties.enumKeys(Granularity.class, p.getRetention(), "redkit.analytics.retention")
                    .forEach(b::retention);
            return b.build();
        }
    }

    static byte[] secret(String value, String property) {
        byte[] key = value.getBytes(StandardCharsets.UTF_8);
        if (key.length < 16) {
            throw new MissingSecretException(property, property + " must be at least 16 bytes, was " + key.length);
        }
        return key;
    }

    static byte[] requiredSecret(@Nullable String value, String property, boolean devMode) {
        if (value != null && !value.isBlank()) {
            return secret(value, property);
        }
        if (!devMode) {
            throw new MissingSecretException(property, property + " is not set");
        }
        LOG.warn("{} is not set; redkit.dev-mode=true, so a random key is used until the application stops", property);
        return dev.redkit.core.SecretHasher.randomToken(32).getBytes(StandardCharsets.UTF_8);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String property) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }
}
