package demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.EmbeddedRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoApplicationTest {

    static final EmbeddedRedis REDIS = EmbeddedRedis.start();

    /** Where Redis is, and the session key (a secret, as in production from the environment: REDKIT_SESSION_SECRET). */
    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> "redis://" + REDIS.host() + ":" + REDIS.port());
        registry.add("redkit.session.secret", () -> "a-32-byte-session-key-for-tests!");
    }

    @Autowired
    Environment environment;
    @Autowired
    DemoApplication.Greetings greetings;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sessionsRateLimitCacheJobAndLockWorkWithOnlyTheRedisUrl() throws Exception {
        String token = call("POST", "/login/alice", null, null).body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(call("GET", "/me", "Authorization", "Bearer " + token).body()).isEqualTo("alice");

        assertThat(call("GET", "/limited", "X-Client", "c1").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/limited", "X-Client", "c1").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = call("GET", "/limited", "X-Client", "c1");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("RateLimit-Policy")).isPresent();

        assertThat(call("GET", "/greet/bob", null, null).body()).contains("hello bob");
        assertThat(call("GET", "/greet/bob", null, null).body()).contains("hello bob");
        assertThat(greetings.loads()).isEqualTo(1);

        assertThat(call("POST", "/mail/carol", null, null).statusCode()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!DemoApplication.SENT.contains("carol") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(DemoApplication.SENT).contains("carol");

        assertThat(call("POST", "/locked/wallet-1", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health", null, null).body()).contains("\"status\":\"UP\"");
    }
}
