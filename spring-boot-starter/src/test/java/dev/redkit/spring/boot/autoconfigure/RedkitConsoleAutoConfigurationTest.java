package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** {@code redkit.console.enabled=true} mounts the console at /redkit behind a token or the servlet user's role. */
@RedisTest
class RedkitConsoleAutoConfigurationTest {

    private static final String TOKEN = "spring-console-token-0123456789";

    private static WebApplicationContextRunner web(RedisTestContext ctx) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        RedkitAutoConfiguration.class,
                        RedkitQueueAutoConfiguration.class,
                        RedkitConsoleAutoConfiguration.class))
                .withPropertyValues(
                        "redkit.redis.url=" + TestApps.url(ctx.config()),
                        "redkit.redis.key-prefix=" + ctx.keyPrefix(),
                        "redkit.otp.secret=0123456789abcdef0123456789abcdef",
                        "redkit.session.secret=fedcba9876543210fedcba9876543210",
                        "redkit.ratelimit.limits.login.permits=2",
                        "redkit.ratelimit.limits.login.window=1m");
    }

    @SuppressWarnings("unchecked")
    private static HttpServlet servlet(ApplicationContext app) {
        return ((ServletRegistrationBean<HttpServlet>) app.getBean("redkitConsoleServlet")).getServlet();
    }

    private static MockHttpServletResponse get(
            HttpServlet servlet, String path, String bearer, String user, String role) throws Exception {
        int q = path.indexOf('?');
        MockHttpServletRequest request = new MockHttpServletRequest("GET", q < 0 ? path : path.substring(0, q));
        if (q >= 0) {
            request.setQueryString(path.substring(q + 1));
        }
        if (bearer != null) {
            request.addHeader("Authorization", "Bearer " + bearer);
        }
        if (user != null) {
            request.setUserPrincipal(() -> user);
            if (role != null) {
                request.addUserRole(role);
            }
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        return response;
    }

    @Test
    void theConsoleIsOffUnlessEnabled(RedisTestContext ctx) {
        web(ctx).run(app -> assertThat(app)
                .hasNotFailed()
                .doesNotHaveBean("redkitConsoleServlet")
                .doesNotHaveBean("redkitConsole"));
    }

    @Test
    void withATokenTheConsoleAnswersAtRedkitOnlyWithIt(RedisTestContext ctx) {
        web(ctx).withPropertyValues("redkit.console.enabled=true", "redkit.console.token=" + TOKEN)
                .run(app -> {
                    assertThat(app).hasNotFailed();
                    HttpServlet servlet = servlet(app);
                    assertThat(get(servlet, "/redkit/", null, null, null).getStatus())
                            .isEqualTo(401);
                    assertThat(get(servlet, "/redkit/", null, "alice", "REDKIT_CONSOLE")
                                    .getStatus())
                            .as("the token mode ignores the servlet user")
                            .isEqualTo(401);
                    MockHttpServletResponse ok =
                            get(servlet, "/redkit/limits?limiter=login&key=ip-1", TOKEN, null, null);
                    assertThat(ok.getStatus()).isEqualTo(200);
                    assertThat(ok.getContentAsString()).contains("2 of 2", "Rate limits");
                    assertThat(ok.getHeader("Content-Security-Policy")).contains("script-src 'self'");
                });
    }

    @Test
    void withoutATokenTheServletUserNeedsTheConsoleRole(RedisTestContext ctx) {
        web(ctx).withPropertyValues("redkit.console.enabled=true").run(app -> {
            HttpServlet servlet = servlet(app);
            assertThat(get(servlet, "/redkit/", null, null, null).getStatus()).isEqualTo(401);
            assertThat(get(servlet, "/redkit/", null, "bob", "USER").getStatus())
                    .isEqualTo(401);
            assertThat(get(servlet, "/redkit/", null, "alice", "REDKIT_CONSOLE").getStatus())
                    .isEqualTo(200);
            assertThat(get(servlet, "/redkit/", null, "alice", "REDKIT_CONSOLE").getContentAsString())
                    .contains("alice");
        });
    }
}
