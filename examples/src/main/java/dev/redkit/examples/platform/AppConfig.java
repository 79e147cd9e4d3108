package dev.redkit.examples.platform;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.SecretHasher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one app instance, validated when read: {@link #fromEnv(Map)} refuses (with an
 * {@link IllegalArgumentException} naming the setting) what would make a deployment unsafe.
 *
 * @param host the address to bind ({@code HOST}, default {@code 127.0.0.1})
 * @param port the port ({@code PORT}, default 7070; 0 picks a free one)
 * @param redis the Redis to use, or null to start an embedded one ({@code REDIS_URL} and friends)
 * @param jdbcUrl the database ({@code DATABASE_URL} or {@code JDBC_URL}; default an H2 file in {@code dataDir})
 * @param dbUser the database user ({@code DATABASE_USER})
 * @param dbPassword the database password ({@code DATABASE_PASSWORD})
 * @param dataDir the private directory of the H2 file ({@code DATA_DIR}, default {@code ~/.redkit-examples});
 *     created owner-only; null when the database is elsewhere
 * @param dbReadLatency artificial latency of catalogue reads ({@code DB_LATENCY_MS}, default 0)
 * @param requestsPerMinute the per-IP limit of every route but {@code /health} ({@code RATE_LIMIT_PER_MINUTE}, default 100)
 * @param otpRequestsPerMinute the per-IP limit of {@code POST /auth/request-otp} ({@code OTP_LIMIT_PER_MINUTE}, default 5)
 * @param adminToken the token every {@code /admin/*} route requires ({@code ADMIN_TOKEN}, at least 16 characters);
 *     required unless {@code host} is a loopback address, where a random one is made per start
 * @param adminTokenGenerated whether {@code adminToken} was made at start because {@code ADMIN_TOKEN} is unset
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} is believed ({@code TRUSTED_PROXIES}, default none)
 * @param sessionSecret the session token key ({@code SESSION_SECRET}, base64 of at least 32 bytes; random in dev mode)
 * @param otpSecret the one-time code key ({@code OTP_SECRET}, base64 of at least 32 bytes; random in dev mode)
 * @param smsToConsole whether the demo SMS sender prints codes on standard output ({@code SMS_TO_CONSOLE},
 *     default true in dev mode, false otherwise); when false, codes never appear in the output or the log
 * @param devMode whether this is a local dev run ({@code REDKIT_DEV=true} or {@code --dev}): missing secrets
 *     become random per start, and the demo SMS sender prints codes
 * @param console whether the Redkit operations console is mounted at {@code /redkit} ({@code REDKIT_CONSOLE=true}
 *     or {@code --console}; default off), behind the admin token
 */
public record AppConfig(
        String host,
        int port,
        @Nullable RedisConfig redis,
        String jdbcUrl,
        @Nullable String dbUser,
        @Nullable String dbPassword,
        @Nullable Path dataDir,
        Duration dbReadLatency,
        int requestsPerMinute,
        int otpRequestsPerMinute,
        String adminToken,
        boolean adminTokenGenerated,
        TrustedProxies trustedProxies,
        byte[] sessionSecret,
        byte[] otpSecret,
        boolean smsToConsole,
        boolean devMode,
        boolean console) {

    /** Shortest {@code ADMIN_TOKEN} accepted. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    /** Shortest decoded {@code SESSION_SECRET} / {@code OTP_SECRET} accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * Reads the settings from environment variables.
     *
     * @param env the environment
     * @return the settings
     * @throws IllegalArgumentException naming the setting that is missing or invalid
     */
    public static AppConfig fromEnv(Map<String, String> env) {
        boolean dev =
                "true".equalsIgnoreCase(env.getOrDefault("REDKIT_DEV", "false").trim());
        String host = env.getOrDefault("HOST", "127.0.0.1").trim();
        String jdbc = env.getOrDefault("DATABASE_URL", env.get("JDBC_URL"));
        Path dataDir = null;
        if (jdbc == null) {
            String dir = env.get("DATA_DIR");
            dataDir = (dir == null || dir.isBlank()
                            ? Path.of(System.getProperty("user.home"), ".redkit-examples")
                            : Path.of(dir.trim()))
                    .toAbsolutePath()
                    .normalize();
            jdbc = "jdbc:h2:file:" + dataDir.resolve("coupons") + ";DB_CLOSE_DELAY=-1";
        }
        String admin = env.get("ADMIN_TOKEN");
        boolean generated = admin == null || admin.isBlank();
        if (admin == null || admin.isBlank()) {
            if (!isLoopback(host)) {
                throw new IllegalArgumentException("ADMIN_TOKEN is required when HOST is not a loopback address (HOST="
                        + host + "): set it to a random string of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
            }
            admin = SecretHasher.randomToken(24);
        } else if (admin.trim().length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "ADMIN_TOKEN must be at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
        boolean sms = env.containsKey("SMS_TO_CONSOLE")
                ? "true".equalsIgnoreCase(env.get("SMS_TO_CONSOLE").trim())
                : dev;
        return new AppConfig(
                host,
                integer(env, "PORT", 7070),
                RedisConfig.fromEnvIfSet(env).orElse(null),
                jdbc,
                env.get("DATABASE_USER"),
                env.get("DATABASE_PASSWORD"),
                dataDir,
                Duration.ofMillis(integer(env, "DB_LATENCY_MS", 0)),
                integer(env, "RATE_LIMIT_PER_MINUTE", 100),
                integer(env, "OTP_LIMIT_PER_MINUTE", 5),
                admin.trim(),
                generated,
                TrustedProxies.parse(env.get("TRUSTED_PROXIES"), "TRUSTED_PROXIES"),
                secret(env, "SESSION_SECRET", dev),
                secret(env, "OTP_SECRET", dev),
                sms,
                dev,
                "true"
                        .equalsIgnoreCase(
                                env.getOrDefault("REDKIT_CONSOLE", "false").trim()));
    }

    /**
     * Settings for tests: a free port on loopback, the given Redis, an in-memory H2 database, a fixed admin
     * token ({@link #TEST_ADMIN_TOKEN}), random secrets, and loopback trusted as a proxy, so a test can play
     * many clients with {@code X-Forwarded-For}.
     *
     * @param redis the Redis
     * @param dbName a database name unique to the test
     * @return the settings
     */
    public static AppConfig forTests(RedisConfig redis, String dbName) {
        return new AppConfig(
                "127.0.0.1",
                0,
                redis,
                "jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1",
                null,
                null,
                null,
                Duration.ZERO,
                100,
                5,
                TEST_ADMIN_TOKEN,
                false,
                TrustedProxies.loopback(),
                random(),
                random(),
                false,
                false,
                false);
    }

    /** The admin token of {@link #forTests(RedisConfig, String)}. */
    public static final String TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

    /**
     * @param proxies the trusted proxies
     * @return a copy with these trusted proxies
     */
    public AppConfig withTrustedProxies(TrustedProxies proxies) {
        return new AppConfig(
                host,
                port,
                redis,
                jdbcUrl,
                dbUser,
                dbPassword,
                dataDir,
                dbReadLatency,
                requestsPerMinute,
                otpRequestsPerMinute,
                adminToken,
                adminTokenGenerated,
                proxies,
                sessionSecret,
                otpSecret,
                smsToConsole,
                devMode,
                console);
    }

    /**
     * @param enabled whether the Redkit console is mounted at {@code /redkit}
     * @return a copy with the console on or off
     */
    public AppConfig withConsole(boolean enabled) {
        return new AppConfig(
                host,
                port,
                redis,
                jdbcUrl,
                dbUser,
                dbPassword,
                dataDir,
                dbReadLatency,
                requestsPerMinute,
                otpRequestsPerMinute,
                adminToken,
                adminTokenGenerated,
                trustedProxies,
                sessionSecret,
                otpSecret,
                smsToConsole,
                devMode,
                enabled);
    }

    /** @return whether {@code host} is a loopback address, so only this machine can connect */
    public boolean loopbackOnly() {
        return isLoopback(host);
    }

    @Override
    public String toString() {
        return "AppConfig{host=" + host + ", port=" + port + ", jdbcUrl=" + jdbcUrl + ", dataDir=" + dataDir
                + ", trustedProxies=" + trustedProxies + ", smsToConsole=" + smsToConsole + ", devMode=" + devMode
                + ", console=" + console + "}";
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost")
                || TrustedProxies.literal(host).map(a -> a.isLoopbackAddress()).orElse(false);
    }

    private static byte[] secret(Map<String, String> env, String name, boolean dev) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (dev) {
                return random();
            }
            throw new IllegalArgumentException(name + " is not set: set it to the base64 of " + MIN_SECRET_BYTES
                    + " random bytes (the same on every instance), or run in dev mode (REDKIT_DEV=true or --dev)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(v.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be base64", e);
        }
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    name + " must decode to at least " + MIN_SECRET_BYTES + " bytes, had " + key.length);
        }
        return key;
    }

    private static byte[] random() {
        byte[] key = new byte[MIN_SECRET_BYTES];
        SecretHasher.secureRandom().nextBytes(key);
        return key;
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
