package dev.redkit.console;

import dev.redkit.analytics.Analytics;
import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One set of components registered with a console, as a host application would, for the console's tests. */
final class Fixture implements AutoCloseable {

    static final String TOKEN = "console-test-token-0123456789";
    static final String XSS = "<script>document.title='pwned'</script>";

    record Mail(String to) {}

    final RedisConnector redis;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ReliableQueue<Mail> emails;
    final RedisLock locks;
    final RateLimiter logins;
    final SessionStore sessions;
    final Leaderboard board;
    final Analytics analytics;
    final RedkitConsole console;

    Fixture(RedisConnector redis, UnaryOperator<RedkitConsole.Builder> change) {
        this.redis = redis;
        this.emails = ReliableQueue.builder(redis, "emails", Mail.class)
                .maxAttempts(1)
                .meterRegistry(registry)
                .build();
        this.locks = RedisLock.builder(redis, "jobs")
                .leaseTime(Duration.ofMinutes(1))
                .build();
        this.logins = RateLimiter.builder(redis, "logins").fixedWindow(Limit.perMinute(5));
        this.sessions = SessionStore.builder(
                        redis, "default", "console-session-key-0123456789abcd".getBytes(StandardCharsets.US_ASCII))
                .build();
        this.board = Leaderboard.builder(redis, "players").build();
        this.analytics = Analytics.builder(redis, "shop").build();
        this.console = change.apply(RedkitConsole.builder(redis)
                        .authenticator(ConsoleAuthenticator.token(TOKEN))
                        .meterRegistry(registry)
                        .queue(emails)
                        .lock(locks)
                        .rateLimiter(logins)
                        .sessions("web", sessions)
                        .leaderboard(board)
                        .analytics(analytics)
                        .analyticsChart("clicks", "all"))
                .build();
    }

    /** Enqueues jobs and fails each once, so they end in the dead-letter set (maxAttempts 1). */
    void deadLetters(String... ids) {
        for (String id : ids) {
            emails.enqueue(
                    new Mail(id + "@example.com"), EnqueueOptions.immediate().id(id));
        }
        for (int i = 0; i < ids.length; i++) {
            Delivery<Mail> d = emails.poll().orElseThrow();
            d.nack("smtp refused " + d.job().to());
        }
    }

    /** A GET with the bearer token. */
    ConsoleResponse get(String path) {
        return console.handle(request("GET", path, Map.of("Authorization", "Bearer " + TOKEN), ""));
    }

    /** A same-origin form POST with the bearer token and the given CSRF token. */
    ConsoleResponse post(String path, String csrf, String form) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + TOKEN);
        h.put("Content-Type", "application/x-www-form-urlencoded");
        h.put("Sec-Fetch-Site", "same-origin");
        h.put("Origin", "http://console.local");
        h.put("Host", "console.local");
        return console.handle(request("POST", path, h, (csrf == null ? "" : "_csrf=" + csrf + "&") + form));
    }

    /** The CSRF token the pages embed for the token principal. */
    String csrf() {
        String html = get(console.basePath() + "/").text();
        int at = html.indexOf("data-csrf=\"") + "data-csrf=\"".length();
        return html.substring(at, html.indexOf('"', at));
    }

    static ConsoleRequest request(String method, String path, Map<String, String> headers, String body) {
        int q = path.indexOf('?');
        return new ConsoleRequest(
                method,
                q < 0 ? path : path.substring(0, q),
                q < 0 ? "" : path.substring(q + 1),
                headers,
                body.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
    }

    @Override
    public void close() {
        console.close();
        locks.close();
    }
}
