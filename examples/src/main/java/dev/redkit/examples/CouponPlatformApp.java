package dev.redkit.examples;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisHealth;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.examples.platform.AppConfig;
import dev.redkit.examples.platform.Platform;
import dev.redkit.examples.platform.StartupException;
import dev.redkit.examples.platform.TrafficSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The coupon/cashback platform: an HTTP API on Javalin over Redkit's components, with its data in a SQL
 * database (H2 by default). With {@code REDIS_URL} (or {@code REDIS_CLUSTER_NODES} / {@code REDIS_SENTINELS})
 * unset it starts an embedded Redis first and says so; otherwise it uses that server.
 *
 * <p>Arguments: {@code --dev} is a local dev run (as {@code REDKIT_DEV=true}: random secrets per start, codes
 * printed on the console); {@code --console} mounts the Redkit operations console at {@code /redkit} (as
 * {@code REDKIT_CONSOLE=true}); {@code --check} starts everything, prints the health and exits; {@code --simulate[=N]}
 * also drives N requests (default 3000, at most 2 minutes) of simulated traffic at the app so the dashboard
 * moves, then keeps serving; {@code --port=N}, {@code --jdbc=URL} and {@code --redis=URL} override
 * {@code PORT}, {@code JDBC_URL} and {@code REDIS_URL}. A setting that is missing or unsafe, or a Redis that does
 * not answer, ends the start with one line on standard error and a non-zero exit status.
 */
public final class CouponPlatformApp {

    private static final String USAGE =
            "usage: CouponPlatformApp [--dev] [--console] [--check] [--simulate[=requests]] [--port=N]"
                    + " [--jdbc=URL] [--redis=URL]";

    private CouponPlatformApp() {}

    /**
     * Starts the app and serves until the JVM is stopped (Ctrl+C).
     *
     * @param args see the class comment
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the app as {@link #main(String[])} does, without exiting the JVM: returns once started with
     * {@code --check}, or when startup fails; otherwise serves until the JVM stops.
     *
     * @param args see the class comment
     * @param environment the environment variables
     * @param out where the startup lines go
     * @param err where the one-line failure goes
     * @return the exit status: 0 after {@code --check}, 1 if startup failed, 2 for bad arguments or settings
     * @throws InterruptedException if interrupted while serving
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        boolean check = false;
        int simulate = 0;
        Map<String, String> env = new HashMap<>(environment);
        try {
            for (String arg : args) {
                if (arg.equals("--check")) {
                    check = true;
                } else if (arg.equals("--dev")) {
                    env.put("REDKIT_DEV", "true");
                } else if (arg.equals("--console")) {
                    env.put("REDKIT_CONSOLE", "true");
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
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (NumberFormatException e) {
            err.println(USAGE);
            return 2;
        }
        if (simulate > 0) {
            env.putIfAbsent("SMS_TO_CONSOLE", "false"); // keep the progress line readable
            if (!env.containsKey("TRUSTED_PROXIES")) {
                env.put("TRUSTED_PROXIES", "127.0.0.0/8,::1");
                out.println("--simulate: trusting X-Forwarded-For from loopback (TRUSTED_PROXIES=127.0.0.0/8,::1),"
                        + " so the simulator can play 40 clients");
            }
        }
        AppConfig config;
        try {
            config = AppConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            err.println("coupon platform: cannot start: " + e.getMessage());
            return 2;
        }
        if (config.devMode()) {
            out.println("*** DEV MODE (REDKIT_DEV=true or --dev): random SESSION_SECRET and OTP_SECRET per start,"
                    + (config.smsToConsole() ? " SMS codes printed on the console," : "")
                    + " never deploy like this ***");
        }
        EmbeddedRedis embedded = null;
        RedisConfig redis = config.redis();
        if (redis == null) {
            embedded = EmbeddedRedis.start();
            redis = embedded.config();
            out.println("REDIS_URL is not set: started embedded Redis at " + embedded.url());
        }
        Platform platform;
        try {
            platform = Platform.start(config, redis);
        } catch (StartupException e) {
            closeQuietly(embedded);
            err.println("coupon platform: cannot start: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            closeQuietly(embedded);
            err.println("coupon platform: cannot start: " + e);
            return 1;
        }
        EmbeddedRedis embeddedRedis = embedded;
        Runnable shutdown = () -> {
            platform.close();
            closeQuietly(embeddedRedis);
        };
        RedisHealth health = platform.redisHealth();
        out.println("Connected to " + redis.describeEndpoints() + " (" + redis.topology() + "): "
                + (health.up()
                        ? "Redis " + health.serverVersion() + ", ping "
                                + health.latency().toNanos() / 1000 + " us"
                        : "DOWN: " + health.error()));
        out.println("Database: " + platform.databaseUrl());
        out.println("Trusted proxies: " + config.trustedProxies()
                + (config.trustedProxies().isEmpty() ? " (X-Forwarded-For is ignored)" : ""));
        String dashboard = platform.baseUrl() + "/admin/dashboard";
        if (config.adminTokenGenerated()) {
            out.println("ADMIN_TOKEN is not set: admin token for this run: " + config.adminToken());
            dashboard += "#token=" + config.adminToken();
        }
        out.println("Coupon platform serving at " + platform.baseUrl() + "  (dashboard: " + dashboard + ")");
        if (config.console()) {
            out.println("Redkit console at " + platform.baseUrl() + "/redkit/ (sign in with the admin token)");
        }
        if (check || !health.up()) {
            shutdown.run();
            return health.up() ? 0 : 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            shutdown.run();
                            stopped.countDown();
                        },
                        "coupon-platform-shutdown"));
        if (simulate > 0) {
            TrafficSimulator.Report report =
                    new TrafficSimulator(platform, simulate, Duration.ofMinutes(2), 8).run(out);
            out.println("Simulation done: " + report);
        }
        out.println("Running; press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    private static void closeQuietly(@Nullable EmbeddedRedis embedded) {
        if (embedded != null) {
            embedded.close();
        }
    }
}
