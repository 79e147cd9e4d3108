package consumer;

import dev.redkit.analytics.Analytics;
import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.console.ConsoleRequest;
import dev.redkit.console.ConsoleResponse;
import dev.redkit.console.RedkitConsole;
import dev.redkit.analytics.AnalyticsConfig;
import dev.redkit.analytics.Event;
import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.otp.OtpService;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A consumer application: {@code tour} uses every component against an embedded server, {@code one-timeout}
 * checks that the first call against a frozen server fails after one socket timeout, {@code module-path}
 * checks that it runs as a named module. {@code -Dexpect.jedis} and {@code -Dexpect.pool} name the versions
 * the build must have resolved. Prints what it checked; any failed check ends the JVM with status 1.
 */
public final class Main {

    /** A user's own type, cached as JSON. */
    public record Merchant(String slug, String name, int cashbackBps) {
    }

    /** A user's own job type. */
    public record Email(String to, String subject) {
    }

    private static final byte[] SECRET = "use-32-random-bytes-from-a-vault!".getBytes(StandardCharsets.UTF_8);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String jedis = RedisConnector.requireSupportedJedis();
        String pool = jarVersion("org.apache.commons.pool2.impl.GenericObjectPool", "commons-pool2");
        System.out.println("consumer: Jedis " + jedis + " (jar " + jarVersion("redis.clients.jedis.Jedis", "jedis")
                + "), commons-pool2 " + pool + ", Jackson " + jarVersion("tools.jackson.databind.json.JsonMapper", "jackson-databind"));
        expectEqual("Jedis", System.getProperty("expect.jedis"), jedis);
        expectEqual("commons-pool2", System.getProperty("expect.pool"), pool);
        for (String check : args) {
            switch (check) {
                case "module-path" -> modulePath();
                case "tour" -> tour();
                case "one-timeout" -> frozenServer(true);
                case "measure-timeout" -> frozenServer(false);
                default -> throw new IllegalArgumentException("unknown check " + check);
            }
        }
        System.out.println("consumer: all checks passed");
    }

    private static void modulePath() {
        Module own = Main.class.getModule();
        check(own.isNamed() && own.getName().equals("consumer"), "runs as module 'consumer', is " + own);
        check(EmbeddedRedis.class.getModule().isNamed(), "redkit-embedded is a named module, is " + EmbeddedRedis.class.getModule());
        System.out.println("consumer: on the module path as " + own.getName());
    }

    private static void tour() throws InterruptedException {
        try (EmbeddedRedis server = EmbeddedRedis.start();
             RedisConnector redis = RedisConnector.create(server.config())) {
            SessionStore sessions = SessionStore.builder(redis, "default", SECRET).build();
            NewSession session = sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of("10.0.0.1", "Firefox"));
            check(sessions.get(session.token()).flatMap(s -> s.stringAttribute("role")).orElse("?").equals("customer"), "session attribute");

            OtpService otp = OtpService.builder(redis, "default", SECRET).build();
            String[] code = new String[1];
            otp.issueAndSend("login", "+15550000001", m -> code[0] = m.code());
            check(!otp.verify("login", "+15550000001", "000000x").isVerified(), "a wrong code is refused");
            check(otp.verify("login", "+15550000001", code[0]).isVerified(), "the code sent verifies");

            RateLimiter limiter = RateLimiter.builder(redis, "api").slidingWindow(Limit.perMinute(2));
            check(limiter.tryAcquire("ip").allowed() && limiter.tryAcquire("ip").allowed() && !limiter.tryAcquire("ip").allowed(),
                    "third request in a minute is limited");

            try (ReadThroughCache<Merchant> cache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                    .ttl(Duration.ofMinutes(1)).build()) {
                int[] loads = new int[1];
                for (int i = 0; i < 3; i++) {
                    Optional<Merchant> m = cache.get("amazon", slug -> {
                        loads[0]++;
                        return new Merchant(slug, "Amazon", 250);
                    });
                    check(m.orElseThrow().cashbackBps() == 250, "cached record read back");
                }
                check(loads[0] == 1, "loaded once, then cached; loads: " + loads[0]);
            }

            ReliableQueue<Email> queue = ReliableQueue.builder(redis, "emails", Email.class).build();
            queue.enqueue(new Email("ann@example.com", "Order 1"));
            Delivery<Email> delivery = queue.poll().orElseThrow();
            check(delivery.job().equals(new Email("ann@example.com", "Order 1")), "job record read back");
            check(delivery.ack(), "job acknowledged");

            try (RedisLock locks = RedisLock.builder(redis, "default").build();
                 Lease lease = locks.acquire("wallet-42", Duration.ofSeconds(1))) {
                boolean[] refused = new boolean[1];
                Thread other = new Thread(() -> refused[0] = locks.tryAcquire("wallet-42").isEmpty());
                other.start();
                other.join();
                check(refused[0], "a held lock is refused to another thread");
                check(lease.fencingToken() > 0, "fencing token");
            }

            Leaderboard board = Leaderboard.builder(redis, "referrals").build();
            board.increment("ann", 5);
            board.increment("bob", 7);
            check(board.top(1).get(0).member().equals("bob"), "leaderboard top");

            Analytics analytics = Analytics.builder(redis, "shop").build();
            analytics.track(Event.builder().count("clicks", "offer-1").unique("viewers", "offer-1", "ann").build());
            check(analytics.counters().today("clicks", "offer-1") == 1, "analytics counter");
            try (RedkitConsole console = RedkitConsole.builder(redis)
                    .authenticator(ConsoleAuthenticator.token("consumer-console-token-0123")).queue(queue).leaderboard(board).build()) {
                ConsoleResponse script = console.handle(new ConsoleRequest("GET", "/static/console.js", "", Map.of(), null, ""));
                check(script.status() == 200 && script.text().contains("Redkit console"), "console script served from the module");
                ConsoleResponse page = console.handle(new ConsoleRequest("GET", "/queues/emails", "", Map.of("Authorization",
                        "Bearer consumer-console-token-0123"), null, ""));
                check(page.status() == 200 && page.text().contains("Queue emails"), "console page: " + page.status());
            }
            System.out.println("consumer: session, OTP, rate limit, cache, queue, lock, leaderboard, analytics, console and EmbeddedRedis work");
        }
    }

    private static void frozenServer(boolean requireOne) {
        Duration timeout = Duration.ofSeconds(1);
        try (EmbeddedRedis server = EmbeddedRedis.start();
             RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                     .socketTimeout(timeout).connectTimeout(timeout).build())) {
            redis.ping();
            server.pause();
            long start = System.nanoTime();
            try {
                redis.ping();
                check(false, "a frozen server answered");
            } catch (RedisUnavailableException expected) {
                long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
                System.out.println("consumer: first call against a frozen server failed after " + took + " ms (socket timeout "
                        + timeout.toMillis() + " ms)");
                if (requireOne) {
                    check(took < 1700, "one socket timeout, not two: " + took + " ms");
                }
            } finally {
                server.resume();
            }
        }
    }

    /** The version in the file name of the jar a class came from, so it works on the class and module path alike. */
    private static String jarVersion(String className, String artifact) throws ClassNotFoundException {
        String location = Class.forName(className, false, Main.class.getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation().getPath();
        String file = location.substring(location.lastIndexOf('/') + 1);
        return file.startsWith(artifact + "-") && file.endsWith(".jar")
                ? file.substring(artifact.length() + 1, file.length() - 4) : file;
    }

    private static void expectEqual(String what, String expected, String actual) {
        if (expected != null && !expected.isEmpty()) {
            check(expected.equals(actual), what + " expected " + expected + " but resolved " + actual);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("consumer: FAILED: " + what);
            System.exit(1);
        }
    }
}
