package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RedisTest
class RedkitRateLimitFilterTest {

    private static WebApplicationContextRunner web(RedisTestContext ctx) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        RedkitAutoConfiguration.class, RedkitRateLimitFilterAutoConfiguration.class))
                .withPropertyValues(
                        "redkit.redis.url=" + TestApps.url(ctx.config()),
                        "redkit.redis.key-prefix=" + ctx.keyPrefix(),
                        "redkit.otp.secret=0123456789abcdef0123456789abcdef",
                        "redkit.session.secret=fedcba9876543210fedcba9876543210",
                        "redkit.ratelimit.limits.login.permits=2",
                        "redkit.ratelimit.limits.login.window=1m",
                        "redkit.ratelimit.limits.login.paths=/login/**",
                        "redkit.ratelimit.limits.login.methods=POST",
                        "redkit.ratelimit.limits.partner.permits=1",
                        "redkit.ratelimit.limits.partner.window=1m",
                        "redkit.ratelimit.limits.partner.paths=/partner/**",
                        "redkit.ratelimit.limits.partner.key-by=header",
                        "redkit.ratelimit.limits.partner.header=X-Api-Key",
                        "redkit.ratelimit.limits.account.permits=1",
                        "redkit.ratelimit.limits.account.window=1m",
                        "redkit.ratelimit.limits.account.paths=/account/**",
                        "redkit.ratelimit.limits.account.key-by=user");
    }

    private static MockHttpServletResponse call(
            RedkitRateLimitFilter filter, String method, String path, String ip, String header, String value)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(ip);
        request.addHeader("X-Forwarded-For", "10.9.9." + System.nanoTime() % 200);
        if (header != null) {
            request.addHeader(header, value);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private static int asUser(RedkitRateLimitFilter filter, String user, String ip) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/account/orders");
        request.setRemoteAddr(ip);
        if (user != null) {
            request.setUserPrincipal(() -> user);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @SuppressWarnings("unchecked")
    private static RedkitRateLimitFilter filter(org.springframework.context.ApplicationContext app) {
        return ((FilterRegistrationBean<RedkitRateLimitFilter>) app.getBean("redkitRateLimitFilter")).getFilter();
    }

    @Test
    void theFilterIsOffUnlessEnabled(RedisTestContext ctx) {
        web(ctx).run(app -> assertThat(app).hasNotFailed().doesNotHaveBean("redkitRateLimitFilter"));
    }

    @Test
    void aRouteOverItsLimitGets429ProblemDetailWithRetryAfterCountedByRemoteAddressOnly(RedisTestContext ctx) {
        web(ctx).withPropertyValues("redkit.ratelimit.filter.enabled=true").run(app -> {
            RedkitRateLimitFilter filter = filter(app);
            MockHttpServletResponse first = call(filter, "POST", "/login/otp", "203.0.113.7", null, null);
            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"2-per-60s\";q=2;w=60");
            assertThat(first.getHeader("RateLimit")).startsWith("\"2-per-60s\";r=1;t=");
            assertThat(call(filter, "POST", "/login/otp", "203.0.113.7", null, null)
                            .getStatus())
                    .isEqualTo(200);
            assertThat(call(filter, "GET", "/login/otp", "203.0.113.7", null, null)
                            .getHeader("RateLimit"))
                    .isNull();
            assertThat(call(filter, "POST", "/login/otp", "203.0.113.8", null, null)
                            .getStatus())
                    .isEqualTo(200);

            MockHttpServletResponse denied = call(filter, "POST", "/login/otp", "203.0.113.7", null, null);
            assertThat(denied.getStatus()).isEqualTo(429);
            assertThat(denied.getContentType()).startsWith("application/problem+json");
            // a sliding window frees its permits within two windows of the first request
            assertThat(Long.parseLong(denied.getHeader("Retry-After"))).isBetween(1L, 120L);
            assertThat(denied.getHeader("RateLimit")).startsWith("\"2-per-60s\";r=0;");
            JsonNode problem = JsonMapper.builder().build().readTree(denied.getContentAsByteArray());
            assertThat(problem.get("status").asInt()).isEqualTo(429);
            assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
            assertThat(problem.get("instance").asString()).isEqualTo("/login/otp");
            assertThat(problem.get("limit").asString()).isEqualTo("login");
        });
    }

    @Test
    void aHeaderKeyedRouteCountsEachHeaderValue(RedisTestContext ctx) {
        web(ctx).withPropertyValues("redkit.ratelimit.filter.enabled=true").run(app -> {
            RedkitRateLimitFilter filter = filter(app);
            assertThat(call(filter, "GET", "/partner/feed", "198.51.100.1", "X-Api-Key", "alpha")
                            .getStatus())
                    .isEqualTo(200);
            assertThat(call(filter, "GET", "/partner/feed", "198.51.100.2", "X-Api-Key", "alpha")
                            .getStatus())
                    .isEqualTo(429);
            assertThat(call(filter, "GET", "/partner/feed", "198.51.100.1", "X-Api-Key", "beta")
                            .getStatus())
                    .isEqualTo(200);
            assertThat(call(filter, "GET", "/other", "198.51.100.1", "X-Api-Key", "alpha")
                            .getStatus())
                    .isEqualTo(200);
            String huge = "k".repeat(4000);
            assertThat(call(filter, "GET", "/partner/feed", "198.51.100.1", "X-Api-Key", huge)
                            .getStatus())
                    .isEqualTo(200);
            assertThat(call(filter, "GET", "/partner/feed", "198.51.100.3", "X-Api-Key", huge)
                            .getStatus())
                    .isEqualTo(429);
        });
    }

    @Test
    void aUserKeyedRouteCountsEachUserWhereverTheyComeFromAndAnonymousRequestsByAddress(RedisTestContext ctx) {
        web(ctx).withPropertyValues("redkit.ratelimit.filter.enabled=true").run(app -> {
            RedkitRateLimitFilter filter = filter(app);
            assertThat(asUser(filter, "alice", "192.0.2.1")).isEqualTo(200);
            assertThat(asUser(filter, "alice", "192.0.2.2")).isEqualTo(429);
            assertThat(asUser(filter, "bob", "192.0.2.1")).isEqualTo(200);
            assertThat(asUser(filter, null, "192.0.2.1")).isEqualTo(200);
            assertThat(asUser(filter, null, "192.0.2.1")).isEqualTo(429);
        });
    }
}
