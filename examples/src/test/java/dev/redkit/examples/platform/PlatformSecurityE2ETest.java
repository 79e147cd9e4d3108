package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.SecretHasher;
import dev.redkit.embedded.EmbeddedRedis;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * HTTP-level regression tests of the security review (issue 23) and the edge errors of issue 20, on a standalone
 * Redis; {@link PlatformSecurityClusterE2ETest} runs the Redis-backed ones again on a 3-master Cluster. Each test
 * starts its own app instance with a fresh Redis key prefix, so limits of one test never reach another. The
 * figures in the comments are what today's fix replaced, measured against the code before it.
 */
class PlatformSecurityE2ETest {

    private static EmbeddedRedis redis;
    private final List<Platform> started = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** @return the Redis the tests run on */
    RedisConfig redisConfig() {
        return redis.config();
    }

    /** @return how many keys match the pattern, over every data node */
    long countKeys(String pattern) {
        try (var jedis = redis.client(5_000)) {
            return jedis.keys(pattern).size();
        }
    }

    @AfterEach
    void stopApps() {
        started.forEach(Platform::close);
        started.clear();
    }

    private Platform start(TrustedProxies proxies) throws Exception {
        String prefix = "sec" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        RedisConfig cfg = redisConfig().toBuilder().keyPrefix(prefix).build();
        Platform app = Platform.start(AppConfig.forTests(cfg, prefix).withTrustedProxies(proxies), cfg);
        started.add(app);
        return app;
    }

    private static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static String login(Api api, Platform app, String phone, String ip) {
        Api.Response requested = api.post("/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null);
        assertThat(requested.status()).as(requested.text()).isEqualTo(202);
        String canonical = requested.json().get("phone").stringValue();
        String code = app.sms().lastCode(canonical).orElseThrow();
        Api.Response verified =
                api.post("/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", ip, null);
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        return verified.json().get("token").stringValue();
    }

    /** Before: 150 requests, each with a new X-Forwarded-For from a loopback peer, gave 0 x 429. */
    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        Platform app = start(TrustedProxies.none());
        Api api = new Api(app.baseUrl());
        int limited = 0;
        for (int i = 0; i < 150; i++) {
            if (api.get("/offers/top", randomIp(), null).status() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("429s of 150 requests at 100 per minute").isEqualTo(50);
    }

    /** Before: 20 codes requested for 20 numbers with spoofed addresses were all sent; now the per-IP cap holds. */
    @Test
    void otpRequestsWithSpoofedAddressesKeepTheirPerIpCapAndOneNumberGetsOneCode() throws Exception {
        Platform app = start(TrustedProxies.none());
        Api api = new Api(app.baseUrl());
        int issued = 0;
        for (int i = 0; i < 20; i++) {
            if (api.post("/auth/request-otp", "{\"phone\":\"+4477009001" + (10 + i) + "\"}", randomIp(), null)
                            .status()
                    == 202) {
                issued++;
            }
        }
        assertThat(issued).as("codes sent for 20 numbers from one client").isEqualTo(5);

        Platform other = start(TrustedProxies.none());
        Api api2 = new Api(other.baseUrl());
        String[] spellings = {"+44 7700 900555", "0044 7700 900555", "+44 (0)7700 900555", "+44.7700.900.555"};
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            if (api2.post("/auth/request-otp", "{\"phone\":\"" + spellings[i % 4] + "\"}", randomIp(), null)
                            .status()
                    == 202) {
                sent++;
            }
        }
        assertThat(sent)
                .as("codes sent to one number in four spellings (3 before)")
                .isEqualTo(1);
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedEntryIsTheClient() throws Exception {
        Platform app = start(TrustedProxies.parse("127.0.0.1, 10.0.0.0/8", "TRUSTED_PROXIES"));
        Api api = new Api(app.baseUrl());
        String client = "203.0.113.9";
        for (int i = 0; i < 100; i++) {
            Api.Response r = api.get("/offers/top", randomPublicIp() + ", " + client + ", 10.1.2.3", null);
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(api.get("/offers/top", "198.18.0.1, " + client, null).status())
                .as("a spoofed left-most entry does not change the client")
                .isEqualTo(429);
        assertThat(api.get("/offers/top", client + ", 203.0.113.10", null).status())
                .as("another client")
                .isEqualTo(200);

        String token = login(api, app, "+15550000007", "198.51.100.77, 10.9.9.9");
        JsonNode session = api.get("/me/sessions", "198.51.100.77", token)
                .json()
                .get("sessions")
                .get(0);
        assertThat(session.get("ip").stringValue()).isEqualTo("198.51.100.77");
        String viaHostName = api.get("/me/sessions", "evil.example, 198.51.100.77", token)
                .json()
                .get("sessions")
                .get(0)
                .get("ip")
                .stringValue();
        assertThat(viaHostName).isEqualTo("198.51.100.77");
        Api.Response notAnIp = api.get("/offers/top", "not-an-ip", null);
        assertThat(notAnIp.status())
                .as("a non-IP entry falls back to the proxy")
                .isEqualTo(200);
    }

    private static String randomPublicIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(100, 200) + "." + r.nextInt(1, 255);
    }

    /** Before: every GET /admin/* answered anyone, and PUT /admin/merchants/{id} too when ADMIN_TOKEN was unset. */
    @Test
    void everyAdminRouteNeedsTheTokenAndTheDashboardCookieOnlyReads() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        String ip = "192.0.2.40";
        for (String path : List.of(
                "/admin/queues",
                "/admin/cache",
                "/admin/analytics/realtime",
                "/admin/dashboard",
                "/admin/no-such-page",
                "/ADMIN/queues",
                "/admin")) {
            Api.Response r = api.get(path, ip, null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.json().get("error").stringValue()).isEqualTo("admin_token_required");
            Api.Response wrong =
                    api.send("GET", path, null, ip, null, Map.of("X-Admin-Token", "x" + AppConfig.TEST_ADMIN_TOKEN));
            assertThat(wrong.status()).as(path + " with a wrong token").isEqualTo(401);
        }
        assertThat(api.send("PUT", "/admin/merchants/1", "{\"name\":\"Pwned\"}", ip, null)
                        .status())
                .isEqualTo(401);
        assertThat(app.repository().findMerchantById(1).name()).isEqualTo("Amazon");
        assertThat(api.admin("GET", "/admin/queues", null, ip).status()).isEqualTo(200);
        assertThat(api.admin("PUT", "/admin/merchants/1", "{\"name\":\"Amazon.com\"}", ip)
                        .status())
                .isEqualTo(200);

        Api.Response page = api.send("GET", "/admin/dashboard", null, ip, null, Map.of("Accept", "text/html"));
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.text()).contains("/admin/login").doesNotContain("/admin/analytics/realtime");
        assertThat(api.post("/admin/login", "{\"token\":\"wrong-token-0123456789\"}", ip, null)
                        .status())
                .isEqualTo(401);
        Api.Response login = api.post("/admin/login", "{\"token\":\"" + AppConfig.TEST_ADMIN_TOKEN + "\"}", ip, null);
        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie)
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/admin")
                .doesNotContain(AppConfig.TEST_ADMIN_TOKEN);
        Map<String, String> cookie = Map.of("Cookie", setCookie.split(";", 2)[0]);
        assertThat(api.send("GET", "/admin/analytics/realtime", null, ip, null, cookie)
                        .status())
                .isEqualTo(200);
        Api.Response dashboard = api.send("GET", "/admin/dashboard", null, ip, null, cookie);
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.text()).contains("/admin/analytics/realtime");
        assertThat(api.send("PUT", "/admin/merchants/1", "{\"name\":\"Pwned\"}", ip, null, cookie)
                        .status())
                .as("the cookie never authorises a write")
                .isEqualTo(401);
    }

    /** Before: GET /admin/queues showed dead-letter addresses (user14@bounce.example) to anyone. */
    @Test
    void deadLetterAddressesAreMaskedEvenForAdmins() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        String ip = "192.0.2.41";
        String token = login(api, app, SeedData.phone(14), ip);
        Api.Response order = api.buy(app, 40, 1000, ip, token);
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        JsonNode queue = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            queue = api.admin("GET", "/admin/queues", null, ip).json().get("order-emails");
            if (queue.get("deadLetters").size() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(queue.get("deadLetters")).hasSize(1);
        String text = api.admin("GET", "/admin/queues", null, ip).text();
        assertThat(text)
                .doesNotContain("user14@bounce.example")
                .contains("u***@bounce.example")
                .contains("550");
        assertThat(api.get("/admin/queues", ip, null).status()).isEqualTo(401);
    }

    /** Before: 300 rejected requests with chosen first path segments created 903 analytics keys. */
    @Test
    void rejectedRequestsCountUnderAFixedSetOfDimensions() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        String ip = "192.0.2.42";
        for (int i = 0; i < 100; i++) {
            api.get("/offers/top", ip, null);
        }
        long before = countKeys("*rejections*");
        long firstMinute = app.clock.millis() / 60_000;
        for (int i = 0; i < 300; i++) {
            assertThat(api.get("/x" + i + "y/z", ip, null).status()).isEqualTo(429);
        }
        // 2 dimensions (all, other) in 3 time buckets each; a minute boundary crossed during the loop starts new
        // buckets for both (measured: 8 keys once in CI), and 300 chosen paths would still make hundreds
        long minutes = app.clock.millis() / 60_000 - firstMinute + 1;
        assertThat(countKeys("*rejections*") - before)
                .as("new analytics keys over %d minute(s)", minutes)
                .isLessThanOrEqualTo(6 * minutes);
        assertThat(RateLimitFilter.area("/offers/7")).isEqualTo("offers");
        assertThat(RateLimitFilter.area("/wp-admin.php")).isEqualTo("other");
    }

    /** Before: the demo SMS sender logged every live code at INFO, even with SMS_TO_CONSOLE=false. */
    @Test
    void codesNeverReachTheLogUnlessPrintingThemIsSwitchedOn() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try {
            assertThat(api.post("/auth/request-otp", "{\"phone\":\"+15550000011\"}", "192.0.2.43", null)
                            .status())
                    .isEqualTo(202);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String code = app.sms().lastCode("+15550000011").orElseThrow();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log)
                .as("the sender's log line")
                .contains("SMS to +1555*****11: login code ******")
                .doesNotContain(code)
                .doesNotContain("+15550000011");
    }

    /** Before: a user posted an order of 10,000,000 cents and got 357,000 cents of cashback at once. */
    @Test
    void usersCannotDeclareOrdersAndOnlyAValidMerchantPostbackCredits() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        String ip = "192.0.2.44";
        String token = login(api, app, SeedData.phone(9), ip);
        long balance = balance(api, ip, token);
        assertThat(api.post("/orders", "{\"offerId\":30,\"amountCents\":10000000}", ip, token)
                        .status())
                .isEqualTo(404);
        assertThat(balance(api, ip, token)).isEqualTo(balance);

        String clickId = api.post("/offers/30/click", null, ip, token)
                .json()
                .get("clickId")
                .stringValue();
        long now = Instant.now().getEpochSecond();
        String nonce = SecretHasher.randomToken(16);
        String body = "{\"clickId\":\"" + clickId + "\",\"orderRef\":\"A-1\",\"amountCents\":10000,\"timestamp\":" + now
                + ",\"nonce\":\"" + nonce + "\"}";
        Map<String, String> forged = Map.of(
                PostbackSignature.HEADER,
                PostbackSignature.sign("not-the-secret", body.getBytes(StandardCharsets.UTF_8)));
        assertThat(api.send("POST", "/postbacks/myntra", body, ip, null, forged)
                        .json()
                        .get("error")
                        .stringValue())
                .isEqualTo("invalid_signature");
        assertThat(api.postback(app, "myntra", clickId, "A-1", 10000, now - 600, SecretHasher.randomToken(16))
                        .json()
                        .get("error")
                        .stringValue())
                .isEqualTo("stale_postback");
        assertThat(api.postback(app, "amazon", clickId, "A-1", 10000, now, SecretHasher.randomToken(16))
                        .status())
                .as("a click on another merchant's offer")
                .isEqualTo(422);
        assertThat(balance(api, ip, token)).isEqualTo(balance);

        Api.Response ok = api.postback(app, "myntra", clickId, "A-1", 10000, now, nonce);
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        long cashback = 10000L * app.repository().findOffer(30).cashbackBps() / 10_000;
        assertThat(ok.json().get("cashbackCents").longValue()).isEqualTo(cashback);
        assertThat(balance(api, ip, token)).isEqualTo(balance + cashback);

        Api.Response replay = api.postback(app, "myntra", clickId, "A-1", 10000, now, nonce);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().get("error").stringValue()).isEqualTo("replayed_postback");
        Api.Response again = api.postback(app, "myntra", clickId, "A-1", 10000, now, SecretHasher.randomToken(16));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").booleanValue()).isTrue();
        assertThat(balance(api, ip, token)).as("credited once").isEqualTo(balance + cashback);
    }

    private static long balance(Api api, String ip, String token) {
        return api.get("/me", ip, token).json().get("user").get("balanceCents").longValue();
    }

    /** Before: "+447700900999" and "00447700900999" signed up two users (ids 21 and 22). */
    @Test
    void everySpellingOfANumberIsOneAccount() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        String ip = "192.0.2.45";
        long first = api.get("/me", ip, login(api, app, "+44 7700 900999", ip))
                .json()
                .get("user")
                .get("id")
                .longValue();
        for (String spelling :
                List.of("0044 7700 900999", "+44-7700-900999", "+44 (0)7700 900999", "+44 (7700) 900.999")) {
            String token = login(api, app, spelling, ip);
            JsonNode user = api.get("/me", ip, token).json().get("user");
            assertThat(user.get("id").longValue()).as(spelling).isEqualTo(first);
            assertThat(user.get("phone").stringValue()).isEqualTo("+447700900999");
        }
        assertThat(api.post("/auth/request-otp", "{\"phone\":\"07700900999\"}", "192.0.2.48", null)
                        .status())
                .as("a national number is refused, never guessed")
                .isEqualTo(400);
    }

    /** Before: a 9 KB header got Jetty's HTML 431 page. */
    @Test
    void aHugeHeaderGetsTheJsonErrorShape() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        Api api = new Api(app.baseUrl());
        Api.Response r =
                api.send("GET", "/offers/top", null, "192.0.2.46", null, Map.of("X-Big", "a".repeat(9 * 1024)));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").stringValue()).isEqualTo("header_too_large");
        assertThat(r.json().get("status").intValue()).isEqualTo(431);
    }

    /** Before: a client that sends its whole 10 MB body before reading could get a connection reset instead of the 413. */
    @Test
    void aHugeBodyGetsA413JsonErrorAfterItIsSent() throws Exception {
        Platform app = start(TrustedProxies.loopback());
        byte[] body = new byte[10 * 1024 * 1024];
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth/request-otp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 413")
                    .contains("application/json")
                    .contains("\"payload_too_large\"");
        }
    }

    /** Before: anonymous callers of /health read the raw Redis error ("... Unexpected end of stream. [127.0.0.1:43040]"). */
    @Test
    void healthShowsErrorTextOnlyToAdmins() throws Exception {
        try (EmbeddedRedis own = EmbeddedRedis.start()) {
            Platform app = Platform.start(AppConfig.forTests(own.config(), "health-" + own.port()), own.config());
            started.add(app);
            Api api = new Api(app.baseUrl());
            assertThat(api.get("/health", "192.0.2.47", null)
                            .json()
                            .get("redis")
                            .has("version"))
                    .isFalse();
            own.stop();
            Api.Response anonymous = api.get("/health", "192.0.2.47", null);
            assertThat(anonymous.status()).isEqualTo(503);
            assertThat(anonymous.json().get("redis").get("up").booleanValue()).isFalse();
            assertThat(anonymous.text()).doesNotContain("error").doesNotContain("127.0.0.1");
            Api.Response admin = api.admin("GET", "/health", null, "192.0.2.47");
            assertThat(admin.json().get("redis").get("error").stringValue()).isNotBlank();
        }
    }
}
