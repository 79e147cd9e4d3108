package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.EmbeddedRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Starts the whole app on an embedded Redis and an in-memory H2 on a free port and drives it over HTTP.
 * Each test uses its own client IP ({@code X-Forwarded-For} from loopback), so rate limits do not interfere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CouponPlatformE2ETest {

    private static EmbeddedRedis redis;
    private static Platform app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        redis = EmbeddedRedis.start();
        app = Platform.start(AppConfig.forTests(redis.config(), "e2e"), redis.config());
        api = new Api(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String login(int user, String ip) {
        String phone = SeedData.phone(user);
        Api.Response requested = api.post("/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null);
        assertThat(requested.status()).as(requested.text()).isEqualTo(202);
        String code = app.sms().lastCode(phone).orElseThrow();
        Api.Response verified =
                api.post("/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", ip, null);
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        return verified.json().get("token").stringValue();
    }

    @Test
    void loginFlowCreatesASessionListsDevicesRevokesOneAndLogsOut() {
        String ip = "192.0.2.1";
        String phone = SeedData.phone(17);
        assertThat(api.post("/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null)
                        .status())
                .isEqualTo(202);
        Api.Response again = api.post("/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.json().get("error").stringValue()).isEqualTo("otp_cooldown");
        assertThat(again.header("Retry-After")).isNotNull();

        String code = app.sms().lastCode(phone).orElseThrow();
        String wrong = code.equals("000000") ? "111111" : "000000";
        Api.Response bad =
                api.post("/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + wrong + "\"}", ip, null);
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().get("error").stringValue()).isEqualTo("invalid_code");
        assertThat(bad.json().get("attemptsLeft").intValue()).isEqualTo(4);

        Api.Response ok =
                api.post("/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", ip, null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        String first = ok.json().get("token").stringValue();
        assertThat(ok.json().get("user").get("id").longValue()).isEqualTo(17);

        Api.Response me = api.get("/me", ip, first);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user").get("phone").stringValue()).isEqualTo(phone);
        assertThat(me.json().get("user").get("balanceCents").longValue()).isEqualTo(22_000);

        String second = login(17, ip); // a verified code ends the cooldown: a second device logs in
        JsonNode sessions = api.get("/me/sessions", ip, first).json().get("sessions");
        assertThat(sessions).hasSize(2);
        String otherId = null;
        for (JsonNode s : sessions) {
            if (!s.get("current").booleanValue()) {
                otherId = s.get("id").stringValue();
            }
        }
        assertThat(otherId).isNotNull();
        assertThat(api.send("DELETE", "/me/sessions/" + otherId, null, ip, first)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/me", ip, second).status()).isEqualTo(401);
        assertThat(api.send("DELETE", "/me/sessions/" + otherId, null, ip, first)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/me/sessions", ip, first).json().get("sessions")).hasSize(1);

        assertThat(api.post("/auth/logout", null, ip, first).status()).isEqualTo(200);
        Api.Response after = api.get("/me", ip, first);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").stringValue()).isEqualTo("unauthorized");
    }

    @Test
    void everyRouteButHealthIsRateLimitedPerIpWithHeadersAnd429() {
        String ip = "192.0.2.2";
        for (int i = 1; i <= 100; i++) {
            Api.Response r = api.get("/offers/top", ip, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("100");
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(100 - i));
            assertThat(r.header("RateLimit-Policy")).contains("100-per-60s");
        }
        Api.Response denied = api.get("/merchants/amazon", ip, null);
        assertThat(denied.status()).isEqualTo(429);
        assertThat(Long.parseLong(denied.header("Retry-After"))).isBetween(1L, 120L);
        assertThat(denied.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(denied.json().get("error").stringValue()).isEqualTo("rate_limited");
        assertThat(api.get("/offers/top", "192.0.2.3", null).status())
                .as("another IP")
                .isEqualTo(200);

        Api.Response health = api.get("/health", ip, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("X-RateLimit-Limit")).isNull();
        assertThat(api.admin("GET", "/admin/analytics/realtime", null, "192.0.2.3")
                        .json()
                        .get("values")
                        .get("rateLimitRejectionsToday")
                        .longValue())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void otpRequestsHaveAStricterLimitPerIp() {
        String ip = "192.0.2.4";
        for (int i = 1; i <= 5; i++) {
            Api.Response r = api.post("/auth/request-otp", "{\"phone\":\"+1555900000" + i + "\"}", ip, null);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
        }
        Api.Response denied = api.post("/auth/request-otp", "{\"phone\":\"+15559000006\"}", ip, null);
        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(denied.header("Retry-After")).isNotNull();
        assertThat(app.sms().lastCode("+15559000006")).isEmpty();
        assertThat(api.get("/offers/top", ip, null).status())
                .as("other routes keep the general limit")
                .isEqualTo(200);
    }

    @Test
    void merchantIsACacheMissThenAHitAndAMissAgainAfterTheAdminUpdateInvalidates() {
        String ip = "192.0.2.5";
        Api.Response first = api.get("/merchants/nike", ip, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("cache").stringValue()).isEqualTo("miss");
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        Api.Response second = api.get("/merchants/nike", ip, null);
        assertThat(second.json().get("cache").stringValue()).isEqualTo("hit");
        assertThat(second.json().get("merchant").get("name").stringValue()).isEqualTo("Nike");

        Api.Response updated =
                api.admin("PUT", "/admin/merchants/4", "{\"name\":\"Nike Outlet\",\"cashbackBps\":900}", ip);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        Api.Response third = api.get("/merchants/nike", ip, null);
        assertThat(third.json().get("cache").stringValue()).isEqualTo("miss");
        assertThat(third.json().get("merchant").get("name").stringValue()).isEqualTo("Nike Outlet");
        assertThat(third.json().get("merchant").get("cashbackBps").intValue()).isEqualTo(900);
        assertThat(api.get("/merchants/nike", ip, null).json().get("cache").stringValue())
                .isEqualTo("hit");

        assertThat(api.get("/merchants/no-such-shop", ip, null).status()).isEqualTo(404);
        JsonNode stats = api.admin("GET", "/admin/cache", null, ip).json().get("merchant");
        assertThat(stats.get("app").get("hits").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(stats.get("redkit").get("loads").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(stats.get("redkit").get("hitRatio").doubleValue()).isBetween(0.0, 1.0);
    }

    @Test
    void clicksShowUpInTrendingTheDashboardSnapshotAndTheMerchantRanking() {
        String ip = "192.0.2.6";
        for (int i = 0; i < 5; i++) {
            Api.Response click = api.post("/offers/121/click", null, ip, null);
            assertThat(click.status()).as(click.text()).isEqualTo(200);
            assertThat(click.json().get("clicksToday").longValue()).isEqualTo(i + 1);
            assertThat(click.json().get("uniqueViewersToday").longValue()).isEqualTo(1);
        }
        JsonNode trending = api.get("/offers/trending", ip, null).json().get("offers");
        assertThat(trending.get(0).get("offer").get("id").longValue()).isEqualTo(121);

        JsonNode dash = api.admin("GET", "/admin/analytics/realtime", null, ip).json();
        assertThat(dash.get("values").get("clicksToday").longValue()).isGreaterThanOrEqualTo(5);
        assertThat(dash.get("trendingOffers").get(0).get("offer").get("id").longValue())
                .isEqualTo(121);
        assertThat(dash.get("trendingMerchants").get(0).get("merchant").stringValue())
                .isEqualTo("decathlon");
        assertThat(dash.get("queues").get("order-emails").has("waiting")).isTrue();

        JsonNode merchants =
                api.get("/leaderboard/merchants?period=today", ip, null).json().get("top");
        assertThat(merchants.get(0).get("member").stringValue()).isEqualTo("decathlon");
        assertThat(api.post("/offers/99999/click", null, ip, null).status()).isEqualTo(404);
        Api.Response page = api.admin("GET", "/admin/dashboard", null, ip);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("/admin/analytics/realtime");
    }

    @Test
    void anOrderQueuesItsConfirmationEmailWhichTheWorkerSends() throws Exception {
        String ip = "192.0.2.7";
        String token = login(18, ip);
        Api.Response order = api.buy(app, 30, 20000, ip, token);
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        long orderId = order.json().get("orderId").longValue();
        assertThat(order.json().get("emailJobId").stringValue()).isEqualTo("order-" + orderId);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (app.mailer().sent().stream().noneMatch(e -> e.orderId() == orderId) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.mailer().sent()).anySatisfy(e -> {
            assertThat(e.orderId()).isEqualTo(orderId);
            assertThat(e.to()).isEqualTo("user18@example.com");
        });
        JsonNode queues = api.admin("GET", "/admin/queues", null, ip).json().get("order-emails");
        assertThat(queues.get("workerAlive").booleanValue()).isTrue();
        for (JsonNode dead : queues.get("deadLetters")) {
            assertThat(dead.get("id").stringValue()).isNotEqualTo("order-" + orderId);
        }
        assertThat(api.get("/me", ip, token)
                        .json()
                        .get("user")
                        .get("balanceCents")
                        .longValue())
                .as("cashback credited")
                .isGreaterThan(23_000);
        assertThat(api.post("/offers/30/click", null, ip, null).json().has("clickId"))
                .as("anonymous click")
                .isFalse();
        assertThat(api.buy(app, 99999, 1, ip, token).status()).isEqualTo(404);
    }

    @Test
    void aFailingEmailIsRetriedAndOneThatKeepsFailingEndsAsADeadLetter() throws Exception {
        String ip = "192.0.2.13";
        String flaky = login(13, ip);
        String bouncing = login(14, ip);
        long retried = api.buy(app, 40, 1000, ip, flaky).json().get("orderId").longValue();
        long dead = api.buy(app, 40, 1000, ip, bouncing).json().get("orderId").longValue();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode queue = null;
        while (System.nanoTime() < deadline) {
            queue = api.admin("GET", "/admin/queues", null, ip).json().get("order-emails");
            boolean sent = app.mailer().sent().stream().anyMatch(e -> e.orderId() == retried);
            if (sent && queue.get("deadLetters").size() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(app.mailer().sent()).anyMatch(e -> e.orderId() == retried);
        assertThat(app.mailer().sent()).noneMatch(e -> e.orderId() == dead);
        JsonNode letter = queue.get("deadLetters").get(0);
        assertThat(letter.get("id").stringValue()).isEqualTo("order-" + dead);
        assertThat(letter.get("attempts").intValue()).isEqualTo(3);
        assertThat(letter.get("lastError").stringValue()).contains("550");
        assertThat(queue.get("stats").get("dead").longValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoConcurrentWithdrawalsOfTheWholeBalanceExactlyOneSucceeds() throws Exception {
        String ip = "192.0.2.8";
        String token = login(19, ip);
        long balance =
                api.get("/me", ip, token).json().get("user").get("balanceCents").longValue();
        assertThat(balance).isEqualTo(24_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Callable<Api.Response> withdraw = () -> {
            go.await();
            return api.post("/wallet/withdraw", "{\"amountCents\":" + balance + "}", ip, token);
        };
        try {
            List<Future<Api.Response>> results = List.of(pool.submit(withdraw), pool.submit(withdraw));
            go.countDown();
            Api.Response a = results.get(0).get();
            Api.Response b = results.get(1).get();
            assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder(200, 409);
            Api.Response refused = a.status() == 409 ? a : b;
            assertThat(refused.json().get("error").stringValue()).isIn("insufficient_funds", "wallet_busy");
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/me", ip, token)
                        .json()
                        .get("user")
                        .get("balanceCents")
                        .longValue())
                .isZero();
    }

    @Test
    void theDatabaseRefusesAWithdrawalCarryingAnOlderFencingToken() {
        String ip = "192.0.2.9";
        String token = login(20, ip);
        Api.Response first = api.post("/wallet/withdraw", "{\"amountCents\":1000}", ip, token);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        long fence = first.json().get("fencingToken").longValue();
        assertThat(app.repository().withdraw(20, 1000, fence - 1))
                .as("stale holder's write")
                .isFalse();
        assertThat(app.repository().withdraw(20, 1000, fence))
                .as("same token again")
                .isFalse();
        assertThat(app.repository().findUser(20).balanceCents()).isEqualTo(24_000);
        assertThat(api.post("/wallet/withdraw", "{\"amountCents\":1000}", ip, token)
                        .status())
                .isEqualTo(200);
        Api.Response tooMuch = api.post("/wallet/withdraw", "{\"amountCents\":99999999}", ip, token);
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("error").stringValue()).isEqualTo("insufficient_funds");
    }

    @Test
    void referralBoardShowsTopTenAndTheCallersNeighbours() {
        String ip = "192.0.2.10";
        JsonNode anonymous = api.get("/leaderboard/referrals", ip, null).json();
        assertThat(anonymous.get("top").size()).isBetween(3, 10);
        assertThat(anonymous.get("top").get(0).get("rank").longValue()).isEqualTo(1);
        assertThat(anonymous.has("me")).isFalse();
        String token = login(16, ip);
        JsonNode mine = api.get("/leaderboard/referrals", ip, token).json();
        assertThat(mine.has("me")).isTrue();
        assertThat(mine.has("around")).isTrue();
    }

    @Test
    void badInputGetsA4xxJsonErrorNeverA500() {
        String ip = "192.0.2.11";
        assertError(api.post("/auth/verify-otp", "{not json", ip, null), 400, "bad_request");
        assertError(api.post("/auth/verify-otp", "", ip, null), 400, "bad_request");
        assertError(api.post("/auth/verify-otp", "[1,2]", ip, null), 400, "bad_request");
        assertError(api.post("/auth/verify-otp", "{}", ip, null), 400, "bad_request");
        assertError(
                api.post("/auth/verify-otp", "{\"phone\":\"call me\",\"code\":\"1\"}", ip, null), 400, "bad_request");
        assertError(api.post("/auth/verify-otp", "{\"phone\":\"+15550000001\"}", ip, null), 400, "bad_request");
        assertError(
                api.post("/auth/request-otp", "{\"phone\":\"" + "9".repeat(40_000) + "\"}", ip, null),
                413,
                "payload_too_large");
        assertError(api.get("/no/such/route", ip, null), 404, "not_found");
        assertError(api.get("/offers/abc", ip, null), 400, "bad_request");
        assertError(api.get("/offers/424242", ip, null), 404, "not_found");
        assertError(api.get("/merchants/Bad%20Slug", ip, null), 400, "bad_request");
        assertError(api.admin("PUT", "/admin/merchants/9999", "{\"name\":\"x\"}", ip), 404, "not_found");
        assertError(api.admin("PUT", "/admin/merchants/1", "{}", ip), 400, "bad_request");
        assertError(api.admin("PUT", "/admin/merchants/1", "{\"cashbackBps\":1e99}", ip), 400, "bad_request");
        assertError(api.get("/me", ip, "garbage-token"), 401, "unauthorized");
        assertError(api.get("/leaderboard/merchants?period=decade", ip, null), 400, "bad_request");
        String token = login(15, ip);
        assertError(api.post("/wallet/withdraw", "{\"amountCents\":-5}", ip, token), 400, "bad_request");
        assertError(api.post("/wallet/withdraw", "{\"amountCents\":\"all\"}", ip, token), 400, "bad_request");
        assertError(api.post("/orders", "{\"offerId\":10,\"amountCents\":1000}", ip, token), 404, "not_found");
        assertError(api.post("/postbacks/amazon", "{\"clickId\":\"x\"}", ip, null), 401, "invalid_signature");
        assertError(api.send("DELETE", "/me/sessions/" + "x".repeat(300), null, ip, token), 404, "not_found");
    }

    private static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.get("status").intValue()).isEqualTo(status);
        assertThat(body.get("error").stringValue()).isEqualTo(code);
        assertThat(body.get("message").stringValue())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void healthReportsRedisTheDatabaseAndTheWorker() {
        JsonNode health = api.get("/health", "192.0.2.12", null).json();
        assertThat(health.get("status").stringValue()).isEqualTo("up");
        assertThat(health.get("redis").get("up").booleanValue()).isTrue();
        assertThat(health.get("database").get("up").booleanValue()).isTrue();
        assertThat(health.get("emailWorker").get("alive").booleanValue()).isTrue();
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: unannotated tests run at Order.DEFAULT
    void theTrafficSimulatorRunsWithoutServerErrors() throws Exception {
        TrafficSimulator.Report report = new TrafficSimulator(app, 200, Duration.ofSeconds(60), 4).run(null);
        assertThat(report.sent()).isEqualTo(200);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.ok()).isGreaterThan(100);
    }
}
