package dev.redkit.examples;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisHealth;
import dev.redkit.embedded.EmbeddedRedis;

/**
 * The coupon/cashback platform example. With {@code REDIS_URL} (or {@code REDIS_CLUSTER_NODES} /
 * {@code REDIS_SENTINELS}) unset it starts an embedded Redis first and says so; otherwise it uses that
 * server. For now it connects and reports the server; the platform's endpoints arrive with the
 * components they use.
 */
public final class CouponPlatformApp {

    private CouponPlatformApp() {
    }

    /**
     * Starts the app.
     *
     * @param args {@code --check} connects, reports and exits instead of staying up
     */
    public static void main(String[] args) throws InterruptedException {
        boolean check = args.length > 0 && args[0].equals("--check");
        EmbeddedRedis embedded = null;
        RedisConfig config;
        if (System.getenv("REDIS_URL") == null && System.getenv("REDIS_CLUSTER_NODES") == null
                && System.getenv("REDIS_SENTINELS") == null) {
            embedded = EmbeddedRedis.start();
            config = embedded.config();
            System.out.println("REDIS_URL is not set: started embedded Redis at " + embedded.url());
        } else {
            config = RedisConfig.fromEnv();
        }
        try (RedisConnector redis = RedisConnector.create(config)) {
            RedisHealth health = redis.health();
            System.out.println("Connected to " + config.describeEndpoints() + " (" + config.topology() + "): "
                    + (health.up() ? "Redis " + health.serverVersion() + ", ping " + health.latency().toNanos() / 1000 + " us"
                    : "DOWN: " + health.error()));
            if (!health.up()) {
                System.exit(1);
            }
            if (!check) {
                System.out.println("Running; press Ctrl+C to stop.");
                Thread.currentThread().join();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
