package dev.redkit.examples;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisHealth;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.examples.platform.AppConfig;
import dev.redkit.examples.platform.Platform;
import dev.redkit.examples.platform.TrafficSimulator;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The coupon/cashback platform: an HTTP API on Javalin over Redkit's components, with its data in a SQL
 * database (H2 by default). With {@code REDIS_URL} (or {@code REDIS_CLUSTER_NODES} / {@code REDIS_SENTINELS})
 * unset it starts an embedded Redis first and says so; otherwise it uses that server.
 *
 * <p>Arguments: {@code --check} starts everything, prints the health and exits; {@code --simulate[=N]}
 * also drives N requests (default 3000, at most 2 minutes) of simulated traffic at the app so the dashboard
 * moves, then keeps serving; {@code --port=N}, {@code --jdbc=URL} and {@code --redis=URL} override
 * {@code PORT}, {@code JDBC_URL} and {@code REDIS_URL}.
 */
public final class CouponPlatformApp {

    private CouponPlatformApp() {
    }

    /**
     * Starts the app and serves until the JVM is stopped (Ctrl+C).
     *
     * @param args {@code --check} or {@code --simulate[=N]}
     * @throws Exception if startup fails
     */
    public static void main(String[] args) throws Exception {
        boolean check = false;
        int simulate = 0;
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        for (String arg : args) {
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.equals("--simulate")) {
                simulate = 3000;
            } else if (arg.startsWith("--simulate=")) {
                simulate = Integer.parseInt(arg.substring("--simulate=".length()));
            } else if (arg.startsWith("--port=")) {
                env.put("PORT", arg.substring("--port=".length()));
            } else if (arg.startsWith("--redis=")) {
                env.put("REDIS_URL", arg.substring("--redis=".length()));
            } else if (arg.startsWith("--jdbc=")) {
                env.put("JDBC_URL", arg.substring("--jdbc=".length()));
                env.remove("DATABASE_URL");
            } else {
                System.err.println("usage: CouponPlatformApp [--check] [--simulate[=requests]] [--port=N] [--jdbc=URL] [--redis=URL]");
                System.exit(2);
            }
        }
        if (simulate > 0) {
            env.putIfAbsent("SMS_TO_CONSOLE", "false");   // keep the progress line readable
        }
        AppConfig config = AppConfig.fromEnv(env);
        EmbeddedRedis embedded = null;
        RedisConfig redis = config.redis();
        if (redis == null) {
            embedded = EmbeddedRedis.start();
            redis = embedded.config();
            System.out.println("REDIS_URL is not set: started embedded Redis at " + embedded.url());
        }
        Platform platform;
        try {
            platform = Platform.start(config, redis);
        } catch (Exception e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        EmbeddedRedis embeddedRedis = embedded;
        Runnable shutdown = () -> {
            platform.close();
            if (embeddedRedis != null) {
                embeddedRedis.close();
            }
        };
        RedisHealth health = platform.redisHealth();
        System.out.println("Connected to " + redis.describeEndpoints() + " (" + redis.topology() + "): "
                + (health.up() ? "Redis " + health.serverVersion() + ", ping " + health.latency().toNanos() / 1000 + " us"
                : "DOWN: " + health.error()));
        System.out.println("Database: " + platform.databaseUrl());
        System.out.println("Coupon platform serving at " + platform.baseUrl()
                + "  (dashboard: " + platform.baseUrl() + "/admin/dashboard)");
        if (check || !health.up()) {
            shutdown.run();
            if (!health.up()) {
                System.exit(1);
            }
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            stopped.countDown();
        }, "coupon-platform-shutdown"));
        if (simulate > 0) {
            TrafficSimulator.Report report = new TrafficSimulator(platform, simulate, Duration.ofMinutes(2), 8).run(System.out);
            System.out.println("Simulation done: " + report);
        }
        System.out.println("Running; press Ctrl+C to stop.");
        stopped.await();
    }
}
