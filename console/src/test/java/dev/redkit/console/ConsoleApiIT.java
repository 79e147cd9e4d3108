package dev.redkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.Event;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.lock.Lease;
import dev.redkit.queue.JobState;
import dev.redkit.queue.QueueInspector;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's pages and JSON API through its request seam, on standalone and Cluster: auth, CSRF, read-only, escaping. */
@RedisTest
class ConsoleApiIT {

    @Test
    void everyRequestButStaticFilesNeedsAuthentication(RedisConnector redis) {
        try (Fixture f = new Fixture(redis, b -> b)) {
            for (String path : new String[] {
                "/", "/queues", "/queues/emails", "/api/overview", "/api/series/redis", "/locks", "/analytics"
            }) {
                assertThat(f.console
                                .handle(Fixture.request("GET", path, Map.of(), ""))
                                .status())
                        .as(path)
                        .isEqualTo(401);
                assertThat(f.console
                                .handle(Fixture.request(
                                        "GET", path, Map.of("Authorization", "Bearer wrong-token-wrong-token"), ""))
                                .status())
                        .as(path)
                        .isEqualTo(401);
                assertThat(f.console
                                .handle(Fixture.request(
                                        "GET", path, Map.of("Cookie", "redkit_console=" + Fixture.TOKEN), ""))
                                .status())
                        .as("the raw token is not a valid cookie")
                        .isEqualTo(401);
            }
            assertThat(f.console
                            .handle(Fixture.request("POST", "/queues/emails/replay", Map.of(), "all=1"))
                            .status())
                    .isEqualTo(401);
            assertThat(f.console
                            .handle(Fixture.request("GET", "/static/console.js", Map.of(), ""))
                            .status())
                    .isEqualTo(200);
            assertThat(f.get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void loginFormSetsAnHttpOnlyStrictCookieThatIsNotTheToken(RedisConnector redis) {
        try (Fixture f = new Fixture(redis, b -> b)) {
            ConsoleResponse wrong = f.console.handle(Fixture.request(
                    "POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=nope"));
            assertThat(wrong.status()).isEqualTo(401);
            ConsoleResponse ok = f.console.handle(Fixture.request(
                    "POST",
                    "/login",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "token=" + Fixture.TOKEN));
            assertThat(ok.status()).isEqualTo(303);
            String cookie = ok.headers().get("Set-Cookie");
            assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(Fixture.TOKEN);
            String value = cookie.substring(0, cookie.indexOf(';'));
            assertThat(f.console
                            .handle(Fixture.request("GET", "/queues", Map.of("Cookie", value), ""))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void deadLettersAreListedReplayedAndPurgedWithAnAuditLine(RedisConnector redis) {
        try (Fixture f = new Fixture(redis, b -> b);
                LogCapture log = LogCapture.start()) {
            f.deadLetters("mail-1", "mail-2", "mail-3");
            String page = f.get("/queues/emails?state=dead").text();
            assertThat(page).contains("mail-1", "mail-2", "mail-3", "smtp refused mail-1@example.com");
            String csrf = f.csrf();
            assertThat(f.post("/queues/emails/replay", csrf, "id=mail-1").status())
                    .isEqualTo(303);
            QueueInspector in = QueueInspector.of(redis, "emails");
            assertThat(in.job("mail-1").orElseThrow().state()).isEqualTo(JobState.WAITING);
            assertThat(f.post("/queues/emails/purge", csrf, "id=mail-2").status())
                    .isEqualTo(303);
            assertThat(in.job("mail-2")).isEmpty();
            assertThat(f.post("/queues/emails/replay", csrf, "all=1").status()).isEqualTo(303);
            assertThat(in.job("mail-3").orElseThrow().state()).isEqualTo(JobState.WAITING);
            assertThat(f.emails.stats().dead()).isZero();
            assertThat(log.text())
                    .contains("replay id 'mail-1' dead letter(s) of queue 'emails' by token", "purge id 'mail-2'");
            assertThat(f.get("/queues/emails?id=mail-3").text()).contains("mail-3@example.com", "waiting");
        }
    }

    @Test
    void crossSiteOrTokenlessMutationsAre403AndChangeNothing(RedisConnector redis) {
        try (Fixture f = new Fixture(redis, b -> b)) {
            f.deadLetters("m-1");
            String csrf = f.csrf();
            Map<String, String> base = Map.of(
                    "Authorization", "Bearer " + Fixture.TOKEN, "Content-Type", "application/x-www-form-urlencoded");
            String body = "_csrf=" + csrf + "&all=1";
            assertThat(f.console
                            .handle(Fixture.request(
                                    "POST", "/queues/emails/replay", with(base, "Sec-Fetch-Site", "cross-site"), body))
                            .status())
                    .isEqualTo(403);
            assertThat(f.console
                            .handle(Fixture.request(
                                    "POST",
                                    "/queues/emails/replay",
                                    with(with(base, "Origin", "https://evil.example"), "Host", "console.local"),
                                    body))
                            .status())
                    .isEqualTo(403);
            assertThat(f.console
                            .handle(Fixture.request(
                                    "POST", "/queues/emails/replay", Map.of("Sec-Fetch-Site", "cross-site"), "all=1"))
                            .status())
                    .as("refused before authentication")
                    .isEqualTo(403);
            assertThat(f.post("/queues/emails/replay", null, "all=1").status()).isEqualTo(403);
            assertThat(f.post("/queues/emails/replay", "0".repeat(64), "all=1").status())
                    .isEqualTo(403);
            assertThat(f.console
                            .handle(Fixture.request("DELETE", "/queues/emails/replay", base, body))
                            .status())
                    .isEqualTo(405);
            assertThat(f.emails.stats().dead()).isEqualTo(1);
        }
    }

    @Test
    void readOnlyConsoleRefusesMutationsAndHidesTheirButtons(RedisConnector redis) {
        try (Fixture f = new Fixture(redis, b -> b.readOnly(true))) {
            f.deadLetters("r-1");
            assertThat(f.get("/queues/emails?state=dead").text())
                    .contains("r-1")
                    .doesNotContain("Replay");
            assertThat(f.post("/queues/emails/replay", f.csrf(), "all=1").status())
                    .isEqualTo(403);
            assertThat(f.post("/limits/reset", f.csrf(), "limiter=logins&key=k").status())
                    .isEqualTo(403);
            assertThat(f.emails.stats().dead()).isEqualTo(1);
        }
    }

    @Test
    void userTextIsEscapedEverywhere(RedisConnector redis) throws Exception {
        try (Fixture f = new Fixture(redis, b -> b)) {
            f.board.increment(Fixture.XSS, 10);
            f.board.increment("bob", 5);
            f.deadLetters("x-1");
            f.emails.enqueue(new Fixture.Mail(Fixture.XSS));
            try (Lease lease = f.locks.tryAcquire(Fixture.XSS).orElseThrow()) {
                String[] pages = {
                    "/leaderboards",
                    "/leaderboards?member=" + enc(Fixture.XSS),
                    "/queues/emails?state=waiting",
                    "/locks",
                    "/limits?limiter=logins&key=" + enc(Fixture.XSS),
                    "/sessions?store=web&user=" + enc(Fixture.XSS),
                    "/analytics?trending=hot"
                };
                f.analytics.track(Event.builder().trend("hot", Fixture.XSS).build());
                for (String p : pages) {
                    ConsoleResponse r = f.get(p);
                    assertThat(r.status()).as(p).isEqualTo(200);
                    assertThat(r.text())
                            .as(p)
                            .doesNotContain("<script>document")
                            .contains("&lt;script&gt;");
                    assertThat(r.headers().get("Content-Security-Policy"))
                            .contains("script-src 'self'")
                            .doesNotContain("unsafe-inline");
                }
            }
        }
    }

    @Test
    void componentPagesShowStateAndNeverSecrets(RedisConnector redis) throws Exception {
        try (Fixture f = new Fixture(redis, b -> b)) {
            f.emails.enqueue(new Fixture.Mail("a@example.com"));
            NewSession s1 = f.sessions.create("u-42", Map.of(), new ClientInfo("10.0.0.1", "Firefox"));
            NewSession s2 = f.sessions.create("u-42", Map.of(), new ClientInfo("10.0.0.2", "Safari"));
            String devices = f.get("/sessions?store=web&user=u-42").text();
            assertThat(devices).contains(s1.session().id(), "Safari").doesNotContain(s1.token(), s2.token());
            String csrf = f.csrf();
            assertThat(f.post(
                                    "/sessions/revoke",
                                    csrf,
                                    "store=web&user=u-42&session="
                                            + s1.session().id())
                            .status())
                    .isEqualTo(303);
            assertThat(f.sessions.get(s1.token())).isEmpty();
            assertThat(f.sessions.get(s2.token())).isPresent();

            f.logins.tryAcquire("ip-1", 3);
            assertThat(f.get("/limits?limiter=logins&key=ip-1").text()).contains("2 of 5");
            assertThat(f.post("/limits/reset", csrf, "limiter=logins&key=ip-1").status())
                    .isEqualTo(303);
            assertThat(f.logins.peek("ip-1").remaining()).isEqualTo(5);

            try (Lease lease = f.locks.tryAcquire("nightly-report").orElseThrow()) {
                assertThat(f.get("/locks").text()).contains("nightly-report", Long.toString(lease.fencingToken()));
                assertThat(f.get("/api/locks").text()).contains("\"fencingToken\":" + lease.fencingToken());
            }
            f.analytics.track(Event.builder().count("clicks", "all").build());
            assertThat(f.get("/api/analytics/series?instance=shop&metric=clicks&dimension=all")
                            .text())
                    .contains("clicks per minute");
            assertThat(f.get("/api/overview").text())
                    .contains("\"redis_version\"", "\"component\":\"queue\"")
                    .doesNotContain("password");
            assertThat(f.get("/").text()).contains("Keys and memory by component", "maxmemory-policy");
        }
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new java.util.LinkedHashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }
}
