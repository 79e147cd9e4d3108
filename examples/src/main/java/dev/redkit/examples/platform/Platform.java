package dev.redkit.examples.platform;

import dev.redkit.analytics.Analytics;
import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisHealth;
import dev.redkit.core.TypeRef;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import dev.redkit.lock.RedisLock;
import dev.redkit.otp.OtpService;
import dev.redkit.queue.Backoff;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import dev.redkit.ratelimit.FailurePolicy;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The coupon platform wired together: one {@link RedisConnector}, the Redkit components built on it, the
 * JDBC repository and the HTTP routes. {@link #start(AppConfig, RedisConfig)} brings it up;
 * {@link #close()} stops the HTTP server and the queue worker, then closes the components.
 */
public final class Platform implements AutoCloseable {

    /** How long a one-time code lives (and the demo SMS sender remembers it). */
    static final Duration OTP_TTL = Duration.ofMinutes(5);

    final AppConfig config;
    final Clock clock = Clock.systemUTC();
    final MeterRegistry meters = new SimpleMeterRegistry();
    final Json json = new Json();
    final RedisConnector redis;
    final Database database;
    final Repository repository;
    final LoggingSmsSender sms;
    final LoggingMailer mailer = new LoggingMailer();
    final OtpService otp;
    final SessionStore sessions;
    final RateLimiter apiLimiter;
    final RateLimiter otpLimiter;
    final ReadThroughCache<Merchant> merchantCache;
    final ReadThroughCache<Offer> offerCache;
    final ReadThroughCache<List<Offer>> topOffersCache;
    final Map<String, CacheStats> cacheStats =
            Map.of("merchant", new CacheStats(), "offer", new CacheStats(), "top-offers", new CacheStats());
    final Analytics analytics;
    final ReliableQueue<EmailJob> emailQueue;
    final RedisLock walletLock;
    final Leaderboard referrals;
    final Leaderboard merchantClicks;
    /** The operations console at {@code /redkit}, or null when {@code REDKIT_CONSOLE} is off. */
    @Nullable
    ConsoleRoutes console;

    private @Nullable Worker emailWorker;
    private @Nullable Javalin http;

    private Platform(AppConfig config, RedisConfig redisConfig) {
        this.config = config;
        this.sms = new LoggingSmsSender(config.smsToConsole(), 1_000, OTP_TTL, clock);
        this.redis = RedisConnector.create(redisConfig, meters);
        this.database = new Database(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        this.repository = new Repository(database, config.dbReadLatency());
        this.otp = OtpService.builder(redis, "login", config.otpSecret())
                .digits(6)
                .ttl(OTP_TTL)
                .maxAttempts(5)
                .resendCooldown(Duration.ofSeconds(30))
                .maxSends(5, Duration.ofHours(1))
                .destinationNormalizer(Phones.NORMALIZER)
                .build();
        this.sessions = SessionStore.builder(redis, "coupons", config.sessionSecret())
                .idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofDays(1))
                .maxSessionsPerUser(5)
                .build();
        this.apiLimiter = RateLimiter.builder(redis, "api-ip")
                .failurePolicy(FailurePolicy.FAIL_OPEN)
                .redisBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .slidingWindow(Limit.perMinute(config.requestsPerMinute()));
        this.otpLimiter = RateLimiter.builder(redis, "otp-ip")
                .failurePolicy(FailurePolicy.FAIL_CLOSED)
                .slidingWindow(
                        Limit.perMinute(config.otpRequestsPerMinute()),
                        Limit.perHour(config.otpRequestsPerMinute() * 4L));
        this.merchantCache = ReadThroughCache.builder(redis, "merchant", Merchant.class)
                .ttl(Duration.ofMinutes(10))
                .negativeTtl(Duration.ofSeconds(30))
                .staleIfError(Duration.ofMinutes(5))
                .build();
        this.offerCache = ReadThroughCache.builder(redis, "offer", Offer.class)
                .ttl(Duration.ofMinutes(10))
                .negativeTtl(Duration.ofSeconds(30))
                .build();
        this.topOffersCache = ReadThroughCache.builder(redis, "top-offers", new TypeRef<List<Offer>>() {})
                .ttl(Duration.ofMinutes(1))
                .staleIfError(Duration.ofMinutes(5))
                .build();
        this.analytics = Analytics.builder(redis, "coupons")
                .trendingHalfLife(Duration.ofHours(1))
                .activeWindow(Duration.ofMinutes(5))
                .build();
        this.emailQueue = ReliableQueue.builder(redis, "order-emails", EmailJob.class)
                .maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(2)))
                .visibilityTimeout(Duration.ofSeconds(30))
                .build();
        this.walletLock = RedisLock.builder(redis, "wallet")
                .leaseTime(Duration.ofSeconds(10))
                .build();
        this.referrals = Leaderboard.builder(redis, "referrals")
                .ties(TiePolicy.COMPETITION)
                .build();
        this.merchantClicks = Leaderboard.builder(redis, "merchant-clicks")
                .period(Period.DAY, Duration.ofDays(8))
                .build();
    }

    private void serve() throws SQLException {
        database.migrateAndSeed();
        syncReferralBoard();
        emailWorker = emailQueue
                .worker((job, ctx) -> mailer.send(job, ctx.attempt()))
                .concurrency(2)
                .shutdownTimeout(Duration.ofSeconds(5))
                .start();
        if (config.console()) {
            console = new ConsoleRoutes(this);
        }
        http = Routes.create(this).start(config.host(), config.port());
    }

    /**
     * Starts an instance: checks that Redis answers before building anything on it, prepares the private data
     * directory when the database is an H2 file there, then starts the components and the HTTP server.
     *
     * @param config the settings
     * @param redisConfig the Redis to use (an embedded one when {@code config.redis()} is null)
     * @return the running platform
     * @throws StartupException if Redis does not answer or the data directory cannot be made private
     * @throws SQLException if the database cannot be prepared (everything started so far is closed again)
     */
    public static Platform start(AppConfig config, RedisConfig redisConfig) throws SQLException {
        if (config.dataDir() != null) {
            DataDirectory.preparePrivate(config.dataDir());
        }
        try (RedisConnector probe = RedisConnector.create(redisConfig, new SimpleMeterRegistry())) {
            RedisHealth health = probe.health();
            if (!health.up()) {
                throw new StartupException("cannot reach Redis at " + redisConfig.describeEndpoints() + " ("
                        + redisConfig.topology() + "): " + health.error());
            }
        }
        Platform platform = new Platform(config, redisConfig);
        try {
            platform.serve();
            return platform;
        } catch (SQLException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * The statistics of one of the platform's caches.
     *
     * @param cache the cache's name
     * @return its statistics
     * @throws IllegalArgumentException for a name that is no cache of the platform
     */
    CacheStats cacheStats(String cache) {
        CacheStats stats = cacheStats.get(cache);
        if (stats == null) {
            throw new IllegalArgumentException("cache: no statistics for a cache named '" + cache + "'");
        }
        return stats;
    }

    /** @return the port the HTTP server listens on */
    public int port() {
        Javalin server = http;
        if (server == null) {
            throw new IllegalStateException("the platform is not serving");
        }
        return server.port();
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:7070} */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    /** @return the demo SMS sender (tests and the simulator read codes from it) */
    public LoggingSmsSender sms() {
        return sms;
    }

    /** @return the demo mailer (tests read sent e-mails from it) */
    public LoggingMailer mailer() {
        return mailer;
    }

    /** @return the repository (tests use it to play a stale lock holder) */
    public Repository repository() {
        return repository;
    }

    /** @return the admin token of this instance (generated at start when {@code ADMIN_TOKEN} is unset) */
    public String adminToken() {
        return config.adminToken();
    }

    /** @return Redis's health as seen from this instance */
    public RedisHealth redisHealth() {
        return redis.health();
    }

    /** @return the JDBC URL of the database */
    public String databaseUrl() {
        return database.url();
    }

    boolean workerAlive() {
        return emailWorker != null && emailWorker.isRunning();
    }

    private void syncReferralBoard() {
        repository.referralCounts().forEach((userId, nameAndCount) -> {
            referrals.setScore(Long.toString(userId), nameAndCount.getValue());
            referrals.setData(Long.toString(userId), nameAndCount.getKey());
        });
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (emailWorker != null) {
            emailWorker.close();
        }
        if (console != null) {
            console.close();
        }
        merchantCache.close();
        offerCache.close();
        topOffersCache.close();
        walletLock.close();
        redis.close();
        database.close();
    }
}
