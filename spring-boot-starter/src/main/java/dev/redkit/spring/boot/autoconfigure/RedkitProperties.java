package dev.redkit.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redkit's settings under redkit.*. Every setting has the component's own default; only the OTP
 * secret is required (when redkit-otp is on the class path). Durations take Spring's forms
 * (500ms, 30s, 5m, ISO-8601).
 *
 * <p>Over 500 lines on purpose: Spring binds {@code redkit.<module>.*} to one nested class per module, and
 * the configuration metadata processor documents each property from its field's Javadoc here; the classes hold
 * fields, accessors and those comments, no logic.
 */
@ConfigurationProperties("redkit")
public class RedkitProperties {

    /**
     * Development mode: a missing OTP secret is replaced by a random key generated at startup (codes issued
     * before a restart stop verifying). Never enable in production.
     */
    private boolean devMode;

    private final Redis redis = new Redis();

    private final Embedded embedded = new Embedded();

    private final Session session = new Session();

    private final Otp otp = new Otp();

    private final RateLimit ratelimit = new RateLimit();

    /** Read-through caches by name (the name used in @Cacheable or RedkitCaches.cache). */
    private final Map<String, Cache> cache = new LinkedHashMap<>();

    private final SpringCache springCache = new SpringCache();

    /** Queues by name (the name a JobHandlerBinding or RedkitQueues.queue uses). */
    private final Map<String, Queue> queue = new LinkedHashMap<>();

    private final Lock lock = new Lock();

    private final Leaderboard leaderboard = new Leaderboard();

    private final Analytics analytics = new Analytics();

    public boolean isDevMode() {
        return devMode;
    }

    public void setDevMode(boolean devMode) {
        this.devMode = devMode;
    }

    public Redis getRedis() {
        return redis;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Session getSession() {
        return session;
    }

    public Otp getOtp() {
        return otp;
    }

    public RateLimit getRatelimit() {
        return ratelimit;
    }

    public Map<String, Cache> getCache() {
        return cache;
    }

    public SpringCache getSpringCache() {
        return springCache;
    }

    public Map<String, Queue> getQueue() {
        return queue;
    }

    public Lock getLock() {
        return lock;
    }

    public Leaderboard getLeaderboard() {
        return leaderboard;
    }

    public Analytics getAnalytics() {
        return analytics;
    }

    /** Where Redkit's connector connects. */
    public static class Redis {

        /**
         * A Redkit Redis URL (redis://, rediss://, redis+cluster://,
         * redis+sentinel://, with options such as ?socketTimeout=500ms&maxConnections=64).
         * When unset, Redkit uses Spring Boot's spring.data.redis.* settings.
         */
        private @Nullable String url;

        /** Prefix of every key Redkit writes; the default is "redkit". */
        private @Nullable String keyPrefix;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(@Nullable String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /** An in-process Redis for development and tests (needs redkit-embedded on the class path). */
    public static class Embedded {

        /**
         * Start an embedded Redis at startup and point both redkit.redis.url and
         * spring.data.redis.* at it.
         */
        private boolean enabled;

        /**
         * standalone or cluster (3 masters); default: the redkit.topology system
         * property, else standalone.
         */
        private @Nullable String topology;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getTopology() {
            return topology;
        }

        public void setTopology(@Nullable String topology) {
            this.topology = topology;
        }
    }

    /** The SessionStore. */
    public static class Session {

        /**
         * HMAC key for session tokens and user slot tags, at least 16 bytes of UTF-8 (32 random characters
         * recommended). Without it sessions still work, but user slot tags can be computed by anyone.
         */
        private @Nullable String secret;

        /** Instance name (key space and metrics tag); the default is the name "default". */
        private @Nullable String name;

        /** Sliding expiry: a session unused this long ends. */
        private @Nullable Duration idleTimeout;

        /** Absolute expiry: a session ends this long after login, however active. */
        private @Nullable Duration absoluteTimeout;

        /** Most sessions one user may hold; 0 for no limit. */
        private @Nullable Integer maxSessionsPerUser;

        /** What a login beyond the limit does: EVICT_OLDEST or REJECT. */
        private @Nullable String maxSessionsPolicy;

        public @Nullable String getSecret() {
            return secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public @Nullable Duration getAbsoluteTimeout() {
            return absoluteTimeout;
        }

        public void setAbsoluteTimeout(@Nullable Duration absoluteTimeout) {
            this.absoluteTimeout = absoluteTimeout;
        }

        public @Nullable Integer getMaxSessionsPerUser() {
            return maxSessionsPerUser;
        }

        public void setMaxSessionsPerUser(@Nullable Integer maxSessionsPerUser) {
            this.maxSessionsPerUser = maxSessionsPerUser;
        }

        public @Nullable String getMaxSessionsPolicy() {
            return maxSessionsPolicy;
        }

        public void setMaxSessionsPolicy(@Nullable String maxSessionsPolicy) {
            this.maxSessionsPolicy = maxSessionsPolicy;
        }
    }

    /** The OtpService. */
    public static class Otp {

        /** HMAC key for stored codes, at least 16 bytes of UTF-8. Required. */
        private @Nullable String secret;

        /** Instance name; the default is the name "default". */
        private @Nullable String name;

        /** Decimal digits per code; default 6. */
        private @Nullable Integer digits;

        /** How long a code stays valid; default 5 minutes. */
        private @Nullable Duration ttl;

        /** Failed attempts before a code locks; default 5. */
        private @Nullable Integer maxAttempts;

        /** Wait between two codes for one purpose and destination; default 30 s. */
        private @Nullable Duration resendCooldown;

        /** Codes per destination per send-window; default 5. */
        private @Nullable Integer maxSends;

        /** The window of max-sends; default 1 hour. */
        private @Nullable Duration sendWindow;

        public @Nullable String getSecret() {
            return secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable Integer getDigits() {
            return digits;
        }

        public void setDigits(@Nullable Integer digits) {
            this.digits = digits;
        }

        public @Nullable Duration getTtl() {
            return ttl;
        }

        public void setTtl(@Nullable Duration ttl) {
            this.ttl = ttl;
        }

        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public @Nullable Duration getResendCooldown() {
            return resendCooldown;
        }

        public void setResendCooldown(@Nullable Duration resendCooldown) {
            this.resendCooldown = resendCooldown;
        }

        public @Nullable Integer getMaxSends() {
            return maxSends;
        }

        public void setMaxSends(@Nullable Integer maxSends) {
            this.maxSends = maxSends;
        }

        public @Nullable Duration getSendWindow() {
            return sendWindow;
        }

        public void setSendWindow(@Nullable Duration sendWindow) {
            this.sendWindow = sendWindow;
        }
    }

    /** Rate limiters and the servlet filter. */
    public static class RateLimit {

        /** Limiters by name. */
        private final Map<String, LimitSpec> limits = new LinkedHashMap<>();

        private final Filter filter = new Filter();

        public Map<String, LimitSpec> getLimits() {
            return limits;
        }

        public Filter getFilter() {
            return filter;
        }

        /** The servlet filter that applies the limits that name paths. */
        public static class Filter {

            /** Turn the filter on (off by default). */
            private boolean enabled;

            /** The filter's order; default: after Spring Security, so key-by: user sees the user. */
            private int order = 0;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public int getOrder() {
                return order;
            }

            public void setOrder(int order) {
                this.order = order;
            }
        }
    }

    /** What a rate-limit request is counted by. */
    public enum KeyBy {
        /** The client address (request.getRemoteAddr(); Boot's forward-headers strategy decides it). */
        IP,
        /** The authenticated user's name; requests without a user are counted by IP. */
        USER,
        /** The value of header; requests without it are counted by IP. */
        HEADER
    }

    /** The algorithm of one limiter. */
    public enum Algorithm {
        /** Fixed windows: cheapest, allows up to twice the limit across a window edge. */
        FIXED_WINDOW,
        /** Sliding window (weighted by the previous window): smooth, two counters per key. */
        SLIDING_WINDOW,
        /** GCRA: a steady rate with a burst. */
        GCRA
    }

    /** One named limiter. */
    public static class LimitSpec {

        /** The algorithm; default SLIDING_WINDOW. */
        private Algorithm algorithm = Algorithm.SLIDING_WINDOW;

        /** Permits per window. */
        private long permits;

        /** The window. */
        private @Nullable Duration window;

        /** GCRA only: the burst; default permits. */
        private @Nullable Long burst;

        /** Allow requests when Redis cannot decide (default false: refuse them). */
        private boolean failOpen;

        /** Filter only: request path patterns (/api/**) this limit applies to. */
        private List<String> paths = new ArrayList<>();

        /** Filter only: HTTP methods it applies to; empty for all. */
        private List<String> methods = new ArrayList<>();

        /** Filter only: what requests are counted by; default IP. */
        private KeyBy keyBy = KeyBy.IP;

        /** Filter only, with key-by: header: the header name. */
        private @Nullable String header;

        public Algorithm getAlgorithm() {
            return algorithm;
        }

        public void setAlgorithm(Algorithm algorithm) {
            this.algorithm = algorithm;
        }

        public long getPermits() {
            return permits;
        }

        public void setPermits(long permits) {
            this.permits = permits;
        }

        public @Nullable Duration getWindow() {
            return window;
        }

        public void setWindow(@Nullable Duration window) {
            this.window = window;
        }

        public @Nullable Long getBurst() {
            return burst;
        }

        public void setBurst(@Nullable Long burst) {
            this.burst = burst;
        }

        public boolean isFailOpen() {
            return failOpen;
        }

        public void setFailOpen(boolean failOpen) {
            this.failOpen = failOpen;
        }

        public List<String> getPaths() {
            return paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public List<String> getMethods() {
            return methods;
        }

        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        public KeyBy getKeyBy() {
            return keyBy;
        }

        public void setKeyBy(KeyBy keyBy) {
            this.keyBy = keyBy;
        }

        public @Nullable String getHeader() {
            return header;
        }

        public void setHeader(@Nullable String header) {
            this.header = header;
        }
    }

    /** One named read-through cache. Unset values keep ReadThroughCacheBuilder's defaults. */
    public static class Cache {

        /** Logical time to live; default 10 minutes. */
        private @Nullable Duration ttl;

        /** Random spread of the TTL, 0 to 1; default 0.1. */
        private @Nullable Double ttlJitter;

        /** How long not found (a null result) is cached; default 1 minute. */
        private @Nullable Duration negativeTtl;

        /** How long an expired value may be served when loading fails; default 0 (never). */
        private @Nullable Duration staleIfError;

        /** How long one instance may hold the load lease of a key; default 5 s. */
        private @Nullable Duration leaseTtl;

        /** How long other instances wait for that load before loading themselves; default 2 s. */
        private @Nullable Duration leaseWait;

        /** Early refresh strength (XFetch beta), 0 to turn it off; default 1.0. */
        private @Nullable Double earlyRefreshBeta;

        public @Nullable Duration getTtl() {
            return ttl;
        }

        public void setTtl(@Nullable Duration ttl) {
            this.ttl = ttl;
        }

        public @Nullable Double getTtlJitter() {
            return ttlJitter;
        }

        public void setTtlJitter(@Nullable Double ttlJitter) {
            this.ttlJitter = ttlJitter;
        }

        public @Nullable Duration getNegativeTtl() {
            return negativeTtl;
        }

        public void setNegativeTtl(@Nullable Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
        }

        public @Nullable Duration getStaleIfError() {
            return staleIfError;
        }

        public void setStaleIfError(@Nullable Duration staleIfError) {
            this.staleIfError = staleIfError;
        }

        public @Nullable Duration getLeaseTtl() {
            return leaseTtl;
        }

        public void setLeaseTtl(@Nullable Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
        }

        public @Nullable Duration getLeaseWait() {
            return leaseWait;
        }

        public void setLeaseWait(@Nullable Duration leaseWait) {
            this.leaseWait = leaseWait;
        }

        public @Nullable Double getEarlyRefreshBeta() {
            return earlyRefreshBeta;
        }

        public void setEarlyRefreshBeta(@Nullable Double earlyRefreshBeta) {
            this.earlyRefreshBeta = earlyRefreshBeta;
        }
    }

    /** The Spring CacheManager over Redkit's read-through caches. */
    public static class SpringCache {

        /** Provide the CacheManager (when the application declares none). */
        private boolean enabled = true;

        /**
         * Packages whose classes cached values may be decoded into, beside the application's own packages,
         * java.time and JDK value types (String, boxed primitives, BigDecimal, UUID).
         */
        private List<String> trustedPackages = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getTrustedPackages() {
            return trustedPackages;
        }

        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }
    }

    /** One named queue and its workers. */
    public static class Queue {

        /** How long a claimed job is leased; default 30 s. */
        private @Nullable Duration visibilityTimeout;

        /** Attempts before a job is dead-lettered; default 5. */
        private @Nullable Integer maxAttempts;

        /** Worker threads per bound handler; default 1. */
        private int concurrency = 1;

        /**
         * How long stopping waits for running jobs before giving them back to the queue; default three
         * quarters of spring.lifecycle.timeout-per-shutdown-phase.
         */
        private @Nullable Duration shutdownTimeout;

        /** How long an idle worker blocks before claiming again; default 1 s. */
        private @Nullable Duration pollInterval;

        public @Nullable Duration getVisibilityTimeout() {
            return visibilityTimeout;
        }

        public void setVisibilityTimeout(@Nullable Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
        }

        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public @Nullable Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public @Nullable Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(@Nullable Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    /** The RedisLock. */
    public static class Lock {

        /** Instance name; the default is the name "default". */
        private @Nullable String name;

        /** Lease length; default 30 s. */
        private @Nullable Duration leaseTime;

        /** Extend leases while the holder runs; default true. */
        private @Nullable Boolean watchdog;

        /** Longest pause between two tries of a waiting acquire; default 1 s. */
        private @Nullable Duration maxRetryInterval;

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable Duration getLeaseTime() {
            return leaseTime;
        }

        public void setLeaseTime(@Nullable Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        public @Nullable Boolean getWatchdog() {
            return watchdog;
        }

        public void setWatchdog(@Nullable Boolean watchdog) {
            this.watchdog = watchdog;
        }

        public @Nullable Duration getMaxRetryInterval() {
            return maxRetryInterval;
        }

        public void setMaxRetryInterval(@Nullable Duration maxRetryInterval) {
            this.maxRetryInterval = maxRetryInterval;
        }
    }

    /** The Leaderboard. */
    public static class Leaderboard {

        /** Board name; the default is the name "default". */
        private String name = "default";

        /** How equal scores rank: LEXICAL, COMPETITION, DENSE, EARLIEST_FIRST. */
        private @Nullable String ties;

        /** DESCENDING (default) or ASCENDING. */
        private @Nullable String order;

        /** Time zone of periodic boards; default UTC. */
        private @Nullable String zone;

        /** Periodic boards to keep (DAY, WEEK, MONTH) and their retention. */
        private final Map<String, Duration> periods = new LinkedHashMap<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public @Nullable String getTies() {
            return ties;
        }

        public void setTies(@Nullable String ties) {
            this.ties = ties;
        }

        public @Nullable String getOrder() {
            return order;
        }

        public void setOrder(@Nullable String order) {
            this.order = order;
        }

        public @Nullable String getZone() {
            return zone;
        }

        public void setZone(@Nullable String zone) {
            this.zone = zone;
        }

        public Map<String, Duration> getPeriods() {
            return periods;
        }
    }

    /** The Analytics facade. */
    public static class Analytics {

        /** Instance name; the default is the name "default". */
        private String name = "default";

        /** Time zone of hour and day buckets; default UTC. */
        private @Nullable String zone;

        /** HYPERLOGLOG (default) or EXACT unique counts. */
        private @Nullable String uniqueMode;

        /** Half-life of trending scores; default 6 hours. */
        private @Nullable Duration trendingHalfLife;

        /** Window of active users; default 5 minutes. */
        private @Nullable Duration activeWindow;

        /** Retention per granularity (MINUTE, HOUR, DAY). */
        private final Map<String, Duration> retention = new LinkedHashMap<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public @Nullable String getZone() {
            return zone;
        }

        public void setZone(@Nullable String zone) {
            this.zone = zone;
        }

        public @Nullable String getUniqueMode() {
            return uniqueMode;
        }

        public void setUniqueMode(@Nullable String uniqueMode) {
            this.uniqueMode = uniqueMode;
        }

        public @Nullable Duration getTrendingHalfLife() {
            return trendingHalfLife;
        }

        public void setTrendingHalfLife(@Nullable Duration trendingHalfLife) {
            this.trendingHalfLife = trendingHalfLife;
        }

        public @Nullable Duration getActiveWindow() {
            return activeWindow;
        }

        public void setActiveWindow(@Nullable Duration activeWindow) {
            this.activeWindow = activeWindow;
        }

        public Map<String, Duration> getRetention() {
            return retention;
        }
    }

    static <E extends Enum<E>> EnumMap<E, Duration> enumKeys(
            Class<E> type, Map<String, Duration> map, String property) {
        EnumMap<E, Duration> out = new EnumMap<>(type);
        map.forEach((k, v) -> out.put(RedkitAutoConfiguration.parseEnum(type, k, property + "." + k), v));
        return out;
    }
}
