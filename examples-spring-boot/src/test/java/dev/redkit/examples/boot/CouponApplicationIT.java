package dev.redkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.spring.boot.autoconfigure.EmbeddedRedkit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample end to end over HTTP, on the embedded Redis of the build's topology ({@code redkit.topology}:
 * standalone, or a 3-master Cluster in the build's second run, which the "redis" tag selects).
 */
@Tag("redis")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=native")
@EmbeddedRedkit
class CouponApplicationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    /** Each test is its own client: Tomcat takes the address from X-Forwarded-For, as behind a trusted proxy. */
    private final String clientAddress = "198.51.100." + CLIENTS.incrementAndGet();

    @Autowired
    Environment environment;

    @Autowired
    Outbox outbox;

    @Autowired
    Catalogue catalogue;

    @Autowired
    RedisConnector connector;

    @Autowired
    StringRedisTemplate lettuce;

    private HttpResponse<String> call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientAddress);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private String login(String phone) throws Exception {
        assertThat(call("POST", "/auth/otp", null, new AuthController.CodeRequest(phone))
                        .statusCode())
                .isEqualTo(202);
        HttpResponse<String> login =
                call("POST", "/auth/login", null, new AuthController.LoginRequest(phone, outbox.lastCode(phone)));
        assertThat(login.statusCode()).isEqualTo(200);
        return json(login).get("token").asString();
    }

    @Test
    void theApplicationRunsOnTheBuildsTopology() {
        String expected = System.getProperty("redkit.topology", "standalone").toUpperCase(Locale.ROOT);
        assertThat(connector.config().topology()).isEqualTo(Topology.valueOf(expected));
    }

    @Test
    void otpLoginGivesASessionAndAWrongCodeDoesNot() throws Exception {
        String token = login("+919800000001");
        HttpResponse<String> me = call("GET", "/me", token, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("userId").asString()).isEqualTo("user-919800000001");
        assertThat(call("GET", "/me", "not-a-token", null).statusCode()).isEqualTo(401);

        assertThat(call("POST", "/auth/otp", null, new AuthController.CodeRequest("+919800000002"))
                        .statusCode())
                .isEqualTo(202);
        String wrong = outbox.lastCode("+919800000002").equals("000000") ? "111111" : "000000";
        HttpResponse<String> denied =
                call("POST", "/auth/login", null, new AuthController.LoginRequest("+919800000002", wrong));
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    }

    @Test
    void theOtpRouteIsRateLimitedPerClientWithAProblemDetail() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 6 && (last == null || last.statusCode() != 429); i++) {
            last = call("POST", "/auth/otp", null, new AuthController.CodeRequest("+91970000000" + i));
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.headers().firstValue("RateLimit-Policy")).hasValue("\"3-per-60s\";q=3;w=60");
        assertThat(json(last).get("limit").asString()).isEqualTo("otp");
    }

    @Test
    void theCatalogueIsReadFromTheDatabaseOnce() throws Exception {
        int before = catalogue.loads();
        HttpResponse<String> first = call("GET", "/catalogue/flipkart", null, null);
        HttpResponse<String> second = call("GET", "/catalogue/flipkart", null, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(json(first).get(2).get("cashbackCents").asLong()).isEqualTo(300);
        assertThat(catalogue.loads() - before).isEqualTo(1);
    }

    @Test
    void anOrderSendsItsEmailThroughTheQueue() throws Exception {
        String token = login("+919800000003");
        HttpResponse<String> order = call("POST", "/orders", token, new Orders.OrderRequest("myntra-2"));
        assertThat(order.statusCode()).isEqualTo(202);
        String orderId = json(order).get("orderId").asString();
        Faults.await(() -> outbox.emails().stream().anyMatch(e -> e.contains(orderId)), Duration.ofSeconds(20));
    }

    @Test
    void concurrentWithdrawalsNeverSpendMoreThanTheBalance() throws Exception {
        String token = login("+919800000004");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> call("POST", "/wallet/withdraw", token, new WalletController.Withdrawal(300))));
        }
        int paid = 0;
        int busy = 0;
        for (Future<HttpResponse<String>> f : calls) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).isIn(200, 409);
            paid += r.statusCode() == 200 ? 1 : 0;
            busy += r.statusCode() == 409 && !r.body().contains("insufficient") ? 1 : 0;
        }
        pool.shutdown();
        // a withdrawal that waited longer than the lock wait (a very slow machine) is refused, never paid twice
        assertThat(paid).isBetween(1, 3);
        if (busy == 0) {
            assertThat(paid).isEqualTo(3);
        }
        long balance =
                json(call("GET", "/wallet", token, null)).get("balanceCents").asLong();
        assertThat(balance).isEqualTo(Wallets.OPENING_BALANCE_CENTS - 300L * paid);
    }

    @Test
    void springDataRedisAndRedkitShareOneServerAndBothReportHealth() throws Exception {
        lettuce.opsForValue().set("shop:shared", "from-lettuce");
        assertThat(Replies.asString(connector.ops().execute(RedisCommand.of("GET", "shop:shared"))))
                .isEqualTo("from-lettuce");

        HttpResponse<String> health = call("GET", "/actuator/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = json(health).get("components");
        assertThat(components.get("redkit").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("redis").get("status").asString()).isEqualTo("UP");
        assertThat(components
                        .get("redkit")
                        .get("details")
                        .get("workers")
                        .get("order-emails")
                        .asBoolean())
                .isTrue();

        login("+919800000005");
        assertThat(call("GET", "/actuator/metrics/redkit.session.create", null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/actuator/metrics/redkit.queue.depth", null, null)
                        .statusCode())
                .isEqualTo(200);
    }
}
