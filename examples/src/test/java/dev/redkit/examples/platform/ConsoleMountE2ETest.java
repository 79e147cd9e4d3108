package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.queue.EnqueueOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example app with {@code REDKIT_CONSOLE=true}: the console answers at {@code /redkit} behind the admin token,
 * shows a dead order e-mail and replays it through a same-origin form POST; the dashboard's history endpoint
 * feeds its charts.
 */
class ConsoleMountE2ETest {

    private static final String IP = "203.0.113.77";
    private static EmbeddedRedis redis;
    private static Platform app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        redis = EmbeddedRedis.start();
        app = Platform.start(AppConfig.forTests(redis.config(), "console").withConsole(true), redis.config());
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

    @Test
    void consoleIsMountedBehindTheAdminTokenAndReplaysADeadEmail() throws Exception {
        assertThat(api.get("/redkit/", IP, null).status()).isEqualTo(401);
        assertThat(api.get("/redkit/queues", IP, "not-the-admin-token-123").status())
                .isEqualTo(401);
        Api.Response overview = api.get("/redkit/", IP, app.adminToken());
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.text()).contains("Overview", "Keys and memory by component");

        app.emailQueue.enqueue(
                new EmailJob(7, "asha@bounce.example", "Your cashback", "hi"),
                EnqueueOptions.immediate().id("order-7-email"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.emailQueue.stats().dead() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Api.Response dead = api.get("/redkit/queues/order-emails?state=dead", IP, app.adminToken());
        assertThat(dead.text()).contains("order-7-email", "SMTP 550 mailbox unavailable");
        String html = overview.text();
        int at = html.indexOf("data-csrf=\"") + "data-csrf=\"".length();
        String csrf = html.substring(at, html.indexOf('"', at));
        Api.Response replay = api.send(
                "POST",
                "/redkit/queues/order-emails/replay",
                "_csrf=" + csrf + "&id=order-7-email",
                IP,
                app.adminToken(),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", app.baseUrl()));
        assertThat(replay.status()).as(replay.text()).isEqualTo(303);
        Api.Response crossSite = api.send(
                "POST",
                "/redkit/queues/order-emails/purge",
                "_csrf=" + csrf + "&all=1",
                IP,
                app.adminToken(),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example"));
        assertThat(crossSite.status()).isEqualTo(403);

        assertThat(replayedAfterOutage(csrf)).isTrue();

        Api.Response history = api.admin("GET", "/admin/analytics/history", null, IP);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.text()).contains("\"clicks\":[", "\"orders\":[", "\"rejections\":[");
    }

    /**
     * The operator's story: the mail provider is down, an order e-mail dies; the outage ends, the operator replays
     * the dead letter from the console and the e-mail goes out.
     */
    private boolean replayedAfterOutage(String csrf) throws Exception {
        assertThat(api.admin("PUT", "/admin/mail-outage", "{\"on\":true}", IP).status())
                .isEqualTo(200);
        app.emailQueue.enqueue(
                new EmailJob(8, "ravi@example.com", "Your cashback", "hi"),
                EnqueueOptions.immediate().id("order-8-email"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!api.get("/redkit/queues/order-emails?state=dead", IP, app.adminToken())
                        .text()
                        .contains("order-8-email")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(api.get("/redkit/queues/order-emails?state=dead", IP, app.adminToken())
                        .text())
                .contains("order-8-email", "SMTP 421 service not available (demo outage)");
        assertThat(api.admin("PUT", "/admin/mail-outage", "{\"on\":false}", IP).text())
                .contains("\"before\":true");
        Api.Response replay = api.send(
                "POST",
                "/redkit/queues/order-emails/replay",
                "_csrf=" + csrf + "&id=order-8-email",
                IP,
                app.adminToken(),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", app.baseUrl()));
        assertThat(replay.status()).as(replay.text()).isEqualTo(303);
        while (app.mailer().sent().stream().noneMatch(e -> e.orderId() == 8) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return app.mailer().sent().stream().anyMatch(e -> e.orderId() == 8);
    }
}
