package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;

@RedisTest
class RedkitHealthAndMetricsTest {

    record Job(String id) {}

    @Test
    void healthIsUpWithTheServerDetailsAndTheWorkers(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withBean(
                        "mails",
                        JobHandlerBinding.class,
                        () -> JobHandlerBinding.of("mails", Job.class, (job, c) -> {}))
                .run(app -> {
                    Health health = app.getBean("redkitHealthIndicator", RedkitHealthIndicator.class)
                            .health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("topology", ctx.topology().name().toLowerCase())
                            .containsKey("version")
                            .containsEntry("workers", Map.of("mails", true));
                });
    }

    @Test
    void healthIsDownWithTheErrorWhenRedisDoesNotAnswer(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withPropertyValues("redkit.redis.url=redis://127.0.0.1:1?connectTimeout=200ms&socketTimeout=200ms")
                .withClassLoader(new FilteredClassLoader(
                        "dev.redkit.lock",
                        "dev.redkit.leaderboard",
                        "dev.redkit.analytics",
                        "dev.redkit.otp",
                        "dev.redkit.session"))
                .run(app -> {
                    Health health = app.getBean(RedkitHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsKey("error").doesNotContainKey("version");
                });
    }

    @Test
    void noHealthContributorWhenItIsDisabled(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withPropertyValues("management.health.redkit.enabled=false")
                .run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(RedkitHealthIndicator.class));
    }

    @Test
    void componentMetersAndQueueDepthGaugesAreInTheApplicationsRegistry(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("redkit.ratelimit.limits.api.permits=5", "redkit.ratelimit.limits.api.window=1m")
                .run(app -> {
                    MeterRegistry registry = app.getBean(MeterRegistry.class);
                    RateLimiter api = app.getBean(RedkitRateLimiters.class).get("api");
                    api.tryAcquire("k", 1);
                    app.getBean(RedkitQueues.class).queue("orders", Job.class).enqueue(new Job("1"));
                    assertThat(registry.getMeters())
                            .extracting(m -> m.getId().getName())
                            .contains("redkit.ratelimit.acquire", "redkit.queue.depth");
                    assertThat(registry.get("redkit.queue.depth")
                                    .tag("name", "orders")
                                    .tag("state", "waiting")
                                    .gauge()
                                    .value())
                            .isEqualTo(1.0);
                });
    }
}
