package dev.redkit.examples.platform;

import dev.redkit.core.RedisConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of one app instance.
 *
 * @param host the address to bind ({@code HOST}, default {@code 127.0.0.1})
 * @param port the port ({@code PORT}, default 7070; 0 picks a free one)
 * @param redis the Redis to use, or null to start an embedded one ({@code REDIS_URL} and friends)
 * @param jdbcUrl the database ({@code DATABASE_URL} or {@code JDBC_URL}; default an H2 file in the temp directory)
 * @param dbUser the database user ({@code DATABASE_USER})
 * @param dbPassword the database password ({@code DATABASE_PASSWORD})
 * @param dbReadLatency artificial latency of catalogue reads ({@code DB_LATENCY_MS}, default 0)
 * @param requestsPerMinute the per-IP limit of every route but {@code /health} ({@code RATE_LIMIT_PER_MINUTE}, default 100)
 * @param otpRequestsPerMinute the per-IP limit of {@code POST /auth/request-otp} ({@code OTP_LIMIT_PER_MINUTE}, default 5)
 * @param adminToken the token {@code PUT /admin/...} requires in {@code X-Admin-Token} ({@code ADMIN_TOKEN}); null: no check
 * @param smsToConsole whether the demo SMS sender also prints codes on standard output ({@code SMS_TO_CONSOLE},
 *     default true), so a person trying the API sees them even when logging is quiet
 */
public record AppConfig(String host, int port, RedisConfig redis, String jdbcUrl, String dbUser, String dbPassword,
        Duration dbReadLatency, int requestsPerMinute, int otpRequestsPerMinute, String adminToken, boolean smsToConsole) {

    /**
     * Reads the settings from environment variables.
     *
     * @param env the environment
     * @return the settings
     */
    public static AppConfig fromEnv(Map<String, String> env) {
        String jdbc = env.getOrDefault("DATABASE_URL", env.get("JDBC_URL"));
        if (jdbc == null) {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "redkit-examples", "coupons");
            jdbc = "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        }
        return new AppConfig(env.getOrDefault("HOST", "127.0.0.1"), integer(env, "PORT", 7070),
                RedisConfig.fromEnvIfSet(env).orElse(null), jdbc, env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"),
                Duration.ofMillis(integer(env, "DB_LATENCY_MS", 0)), integer(env, "RATE_LIMIT_PER_MINUTE", 100),
                integer(env, "OTP_LIMIT_PER_MINUTE", 5), env.get("ADMIN_TOKEN"),
                !"false".equalsIgnoreCase(env.getOrDefault("SMS_TO_CONSOLE", "true")));
    }

    /**
     * Settings for tests: a free port on loopback, the given Redis and an in-memory H2 database.
     *
     * @param redis the Redis
     * @param dbName a database name unique to the test
     * @return the settings
     */
    public static AppConfig forTests(RedisConfig redis, String dbName) {
        return new AppConfig("127.0.0.1", 0, redis, "jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1", null, null,
                Duration.ZERO, 100, 5, null, false);
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'", e);
        }
    }
}
