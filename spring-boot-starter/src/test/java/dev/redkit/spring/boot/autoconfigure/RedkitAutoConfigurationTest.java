package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.Analytics;
import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.otp.OtpService;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

@RedisTest
class RedkitAutoConfigurationTest {

    record Merchant(String displayName, int offerCount) {}

    @Test
    void everyComponentOnTheClassPathIsABeanOnOneConnectorBoundToTheRegistry(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "redkit.ratelimit.limits.login.permits=2",
                        "redkit.ratelimit.limits.login.window=1m",
                        "redkit.session.idle-timeout=10m",
                        "redkit.lock.lease-time=5s")
                .run(app -> {
                    assertThat(app).hasNotFailed();
                    RedisConnector connector = app.getBean(RedisConnector.class);
                    assertThat(connector.meterRegistry()).isSameAs(app.getBean(MeterRegistry.class));
                    assertThat(connector.config().topology()).isEqualTo(ctx.topology());
                    assertThat(connector.config().keyPrefix()).isEqualTo(ctx.keyPrefix());
                    assertThat(app)
                            .hasSingleBean(SessionStore.class)
                            .hasSingleBean(OtpService.class)
                            .hasSingleBean(RedkitRateLimiters.class)
                            .hasSingleBean(RedisLock.class)
                            .hasSingleBean(Leaderboard.class)
                            .hasSingleBean(Analytics.class)
                            .hasSingleBean(RedkitCaches.class)
                            .hasSingleBean(RedkitQueues.class)
                            .hasSingleBean(RedkitCacheManager.class);
                    assertThat(app.getBean(RedisLock.class).leaseTime()).isEqualTo(Duration.ofSeconds(5));
                    RateLimitDecision first =
                            app.getBean(RedkitRateLimiters.class).get("login").tryAcquire("u1", 1);
                    assertThat(first.limit()).isEqualTo(2);
                    assertThat(app.getBean(SessionStore.class)
                                    .create("u1", java.util.Map.of(), ClientInfo.unknown())
                                    .token())
                            .isNotEmpty();
                    assertThat(app.getBean(MeterRegistry.class)
                                    .find("redkit.session.create")
                                    .meters())
                            .isNotEmpty();
                });
    }

    @Test
    void aBeanOfTheApplicationWinsOverTheAutoConfiguredOne(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withBean(
                        "mySessions",
                        SessionStore.class,
                        () -> SessionStore.builder(ctx.connector(), "mine", new byte[32])
                                .build())
                .withBean("myConnector", RedisConnector.class, ctx::newConnector)
                .run(app -> {
                    assertThat(app)
                            .hasSingleBean(SessionStore.class)
                            .hasBean("mySessions")
                            .doesNotHaveBean("redkitSessionStore")
                            .hasSingleBean(RedisConnector.class)
                            .doesNotHaveBean("redkitRedisConnector");
                });
    }

    @Test
    void componentModulesMissingFromTheClassPathGetNoBean(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withClassLoader(new FilteredClassLoader("dev.redkit.otp", "dev.redkit.queue", "dev.redkit.cache"))
                .run(app -> assertThat(app)
                        .hasNotFailed()
                        .hasSingleBean(SessionStore.class)
                        .doesNotHaveBean(OtpService.class)
                        .doesNotHaveBean(RedkitQueues.class)
                        .doesNotHaveBean(RedkitCaches.class)
                        .doesNotHaveBean(RedkitCacheManager.class));
    }

    @Test
    void aMissingOtpSecretStopsStartupNamingTheProperty(RedisTestContext ctx) {
        TestApps.runner(ctx).withPropertyValues("redkit.otp.secret=").run(app -> {
            assertThat(app).hasFailed();
            Throwable cause = app.getStartupFailure();
            while (!(cause instanceof MissingSecretException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause)
                    .isInstanceOf(MissingSecretException.class)
                    .hasMessageStartingWith("redkit.otp.secret is not set: set redkit.otp.secret");
            FailureAnalysis analysis = new MissingSecretFailureAnalyzer().analyze(app.getStartupFailure());
            assertThat(analysis.getAction()).contains("REDKIT_OTP_SECRET").contains("redkit.dev-mode=true");
        });
        TestApps.runner(ctx)
                .withPropertyValues("redkit.otp.secret=short")
                .run(app -> assertThat(app)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("redkit.otp.secret must be at least 16 bytes, was 5"));
    }

    @Test
    void aMissingSessionSecretStopsStartupNamingThePropertyUnlessInDevMode(RedisTestContext ctx) {
        TestApps.runner(ctx).withPropertyValues("redkit.session.secret=").run(app -> {
            assertThat(app).hasFailed();
            FailureAnalysis analysis = new MissingSecretFailureAnalyzer().analyze(app.getStartupFailure());
            assertThat(analysis.getDescription()).contains("redkit.session.secret is not set");
            assertThat(analysis.getAction()).contains("REDKIT_SESSION_SECRET");
        });
        TestApps.runner(ctx)
                .withPropertyValues("redkit.session.secret=", "redkit.dev-mode=true")
                .run(app -> assertThat(app).hasNotFailed().hasSingleBean(SessionStore.class));
    }

    @Test
    void devModeReplacesAMissingOtpSecretWithARandomOne(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withPropertyValues("redkit.otp.secret=", "redkit.dev-mode=true")
                .run(app -> assertThat(app).hasNotFailed().hasSingleBean(OtpService.class));
    }

    @Test
    void invalidComponentSettingsStopStartupNamingTheProperty(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withPropertyValues("redkit.leaderboard.ties=alphabetical")
                .run(app -> assertThat(app)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageStartingWith("redkit.leaderboard.ties must be one of"));
        TestApps.runner(ctx)
                .withPropertyValues("redkit.ratelimit.limits.api.permits=10")
                .run(
                        app -> assertThat(app)
                                .hasFailed()
                                .getFailure()
                                .rootCause()
                                .hasMessageContaining(
                                        "redkit.ratelimit.limits.api.permits and redkit.ratelimit.limits.api.window must be set"));
    }

    @Test
    void cachesAndQueuesEncodeJsonWithTheApplicationsMapper(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withBean(
                        JsonMapper.class,
                        () -> JsonMapper.builder()
                                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                                .build())
                .withPropertyValues("redkit.cache.merchant.ttl=1h")
                .run(app -> {
                    ReadThroughCache<Merchant> merchants =
                            app.getBean(RedkitCaches.class).cache("merchant", Merchant.class);
                    assertThat(merchants.get("amazon", k -> new Merchant("Amazon", 3)))
                            .contains(new Merchant("Amazon", 3));
                    String entry = ctx.keys().stream()
                            .filter(k ->
                                    k.contains(":cache:merchant:") && k.contains("amazon") && k.matches(".*:v[0-9]+$"))
                            .findFirst()
                            .orElseThrow();
                    Object raw = ctx.raw(entry, "GET", entry);
                    assertThat(new String((byte[]) raw, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .contains("display_name");
                    assertThat(app.getBean(RedkitQueues.class)
                                    .queue("mails", Merchant.class)
                                    .enqueue(new Merchant("a", 1))
                                    .id())
                            .isNotEmpty();
                });
    }

    @Test
    void theConnectorFollowsSpringDataRedisWhenRedkitsUrlIsUnset(RedisTestContext ctx) {
        RedisConfig expected = ctx.config();
        String[] boot = ctx.topology() == dev.redkit.core.Topology.CLUSTER
                ? new String[] {
                    "spring.data.redis.cluster.nodes=" + TestApps.url(expected).substring("redis+cluster://".length())
                }
                : new String[] {
                    "spring.data.redis.host=" + expected.endpoints().get(0).host(),
                    "spring.data.redis.port=" + expected.endpoints().get(0).port()
                };
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(TestApps.REDKIT)
                .withClassLoader(new FilteredClassLoader("dev.redkit.otp", "dev.redkit.session"))
                .withPropertyValues(boot)
                .withPropertyValues("spring.data.redis.timeout=750ms", "redkit.redis.key-prefix=" + ctx.keyPrefix())
                .run(app -> {
                    RedisConnector connector = app.getBean(RedisConnector.class);
                    assertThat(connector.config().topology()).isEqualTo(ctx.topology());
                    assertThat(connector.config().endpoints())
                            .containsExactlyInAnyOrderElementsOf(expected.endpoints());
                    assertThat(connector.config().socketTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(connector.health().up()).isTrue();
                    assertThat(app.getBean(RedisLock.class).tryAcquire("wallet-1"))
                            .isNotEqualTo(Optional.empty());
                });
    }

    @Test
    void bootsConnectionDetailsBeanWinsOverTheProperties(RedisTestContext ctx) {
        RedisConfig expected = ctx.config();
        List<DataRedisConnectionDetails.Node> nodes = expected.endpoints().stream()
                .map(e -> new DataRedisConnectionDetails.Node(e.host(), e.port()))
                .toList();
        DataRedisConnectionDetails details = ctx.topology() == dev.redkit.core.Topology.CLUSTER
                ? new DataRedisConnectionDetails() {
                    @Override
                    public Cluster getCluster() {
                        return () -> nodes;
                    }
                }
                : new DataRedisConnectionDetails() {
                    @Override
                    public Standalone getStandalone() {
                        return Standalone.of(nodes.get(0).host(), nodes.get(0).port());
                    }
                };
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(TestApps.REDKIT)
                .withClassLoader(new FilteredClassLoader("dev.redkit.otp", "dev.redkit.session"))
                .withBean(DataRedisConnectionDetails.class, () -> details)
                .withPropertyValues("spring.data.redis.port=1", "redkit.redis.key-prefix=" + ctx.keyPrefix())
                .run(app -> {
                    RedisConnector connector = app.getBean(RedisConnector.class);
                    assertThat(connector.config().endpoints())
                            .containsExactlyInAnyOrderElementsOf(expected.endpoints());
                    assertThat(connector.health().up()).isTrue();
                });
    }
}
