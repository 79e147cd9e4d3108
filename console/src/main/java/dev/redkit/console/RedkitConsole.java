package dev.redkit.console;

import dev.redkit.analytics.Analytics;
import dev.redkit.console.internal.ConsoleApp;
import dev.redkit.console.internal.ConsoleSettings;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Redkit operations console: HTML pages and a JSON API over the components a host application registers
 * (queues and dead letters, held locks, rate-limit state, a user's sessions, leaderboards, analytics series) and
 * an overview of the Redis server and the memory each component uses. It is framework-agnostic: an adapter turns
 * its framework's request into a {@link ConsoleRequest} and writes the {@link ConsoleResponse} back
 * ({@link ConsoleServer} does so on the JDK's HTTP server).
 *
 * <p>Safety: there is no anonymous access (an {@link ConsoleAuthenticator} is required and every request but the
 * static files and the login form is authenticated, else 401); mutations are POST only, refused with 403 when the
 * browser marks them cross-site or their CSRF token is missing, audit-logged at INFO on the SLF4J logger
 * {@code dev.redkit.console.audit} (who, what, which key), and refused altogether in {@linkplain Builder#readOnly
 * read-only} mode; no secret is shown (session tokens, owner tokens, OTP digests and the Redis password never
 * leave the server); every user-supplied text is HTML-escaped and the pages run under a strict
 * Content-Security-Policy with no inline script.
 *
 * <p>Load on Redis: pages read on demand; the chart sampler reads each queue's counts and the server's INFO once
 * per {@link Builder#sampleInterval} only while someone used the console in the last two minutes. Thread-safe.
 * <!-- snippet: ConsoleSnippets#redkitConsole -->
 * <pre>{@code
 * RedkitConsole console = RedkitConsole.builder(connector)
 *         .authenticator(ConsoleAuthenticator.token(System.getenv("CONSOLE_TOKEN")))
 *         .queue(emails)
 *         .lock(locks)
 *         .rateLimiter(loginLimiter)
 *         .sessions("web", sessions)
 *         .build();
 * ConsoleServer server = ConsoleServer.start(console, 9090); // http://127.0.0.1:9090/
 * }</pre>
 */
public final class RedkitConsole implements AutoCloseable {

    private final ConsoleSettings settings;
    private final ConsoleApp app;

    private RedkitConsole(ConsoleSettings settings) {
        this.settings = settings;
        this.app = new ConsoleApp(settings);
    }

    /**
     * Starts a builder.
     *
     * @param connector the connector the registered components use
     * @return the builder
     * @throws IllegalArgumentException if the connector is null
     */
    public static Builder builder(RedisConnector connector) {
        return new Builder(Checks.notNull(connector, "connector"));
    }

    /**
     * Handles one request. Never throws for bad input or a Redis outage: those are 400 and 503 responses.
     *
     * @param request the request, whose path starts with the {@linkplain #basePath() base path}
     * @return the response
     */
    public ConsoleResponse handle(ConsoleRequest request) {
        return app.handle(request);
    }

    /** @return the path the console is mounted at, empty for the root */
    public String basePath() {
        return settings.basePath();
    }

    /** @return true when the console refuses every mutation */
    public boolean readOnly() {
        return settings.readOnly();
    }

    /** Stops the chart sampler; the registered components stay open (the host owns them). */
    @Override
    public void close() {
        app.close();
    }

    @Override
    public String toString() {
        return "RedkitConsole{basePath='" + settings.basePath() + "', readOnly=" + settings.readOnly() + ", queues="
                + settings.queues().keySet() + ", locks=" + settings.locks().keySet() + ", limiters="
                + settings.limiters().keySet()
                + ", sessions=" + settings.sessions().keySet() + ", leaderboards="
                + settings.leaderboards().keySet()
                + ", analytics=" + settings.analytics().keySet() + ", authenticator=" + settings.authenticator() + '}';
    }

    /** Builds a {@link RedkitConsole}; each component name may be registered once. Not thread-safe. */
    public static final class Builder {
        private final RedisConnector connector;
        private @Nullable ConsoleAuthenticator authenticator;
        private boolean readOnly;
        private String basePath = "";
        private Duration sampleInterval = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private @Nullable MeterRegistry meterRegistry;
        private final Map<String, ReliableQueue<?>> queues = new LinkedHashMap<>();
        private final Map<String, RedisLock> locks = new LinkedHashMap<>();
        private final Map<String, RateLimiter> limiters = new LinkedHashMap<>();
        private final Map<String, SessionStore> sessions = new LinkedHashMap<>();
        private final Map<String, Leaderboard> leaderboards = new LinkedHashMap<>();
        private final Map<String, Analytics> analytics = new LinkedHashMap<>();
        private final List<String[]> series = new ArrayList<>();

        private Builder(RedisConnector connector) {
            this.connector = connector;
            this.meterRegistry = connector.meterRegistry();
        }

        /**
         * Who may use the console (required: there is no anonymous mode).
         *
         * @param authenticator the host's hook, or {@link ConsoleAuthenticator#token(String)}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder authenticator(ConsoleAuthenticator authenticator) {
            this.authenticator = Checks.notNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Refuses every mutation (replay, purge, reset, revoke) with 403 and hides their buttons (default false).
         *
         * @param readOnly true for a read-only console
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * The path the console is mounted at in a host application, such as {@code /redkit} (default: the root).
         *
         * @param path empty, or {@code /} followed by letters, digits, {@code - _ . /}, not ending with {@code /}
         * @return this builder
         * @throws IllegalArgumentException if malformed
         */
        public Builder basePath(String path) {
            if (path == null || !(path.isEmpty() || path.matches("(/[A-Za-z0-9._-]+)+"))) {
                throw new IllegalArgumentException(
                        "basePath must be empty or like /redkit (no trailing slash), was '" + path + "'");
            }
            this.basePath = path;
            return this;
        }

        /**
         * How often the chart sampler reads each queue's counts and the server's INFO while the console is in use
         * (default 5 s; at least 100 ms).
         *
         * @param interval the interval
         * @return this builder
         * @throws IllegalArgumentException if null or under 100 ms
         */
        public Builder sampleInterval(Duration interval) {
            Checks.positive(interval, "sampleInterval");
            if (interval.toMillis() < 100) {
                throw new IllegalArgumentException("sampleInterval must be at least 100 ms, was " + interval);
            }
            this.sampleInterval = interval;
            return this;
        }

        /**
         * The clock of the charts' time axis and of lease time left (default the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * Where the queues' {@code redkit.queue.completed}, {@code retried} and {@code dead_lettered} counters are
         * read for the processed and failed per minute charts (default the connector's registry; these count
         * the workers of this process only). Null turns those charts off.
         *
         * @param registry the registry, or null
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /**
         * Registers a queue (its jobs, dead letters and charts).
         *
         * @param queue the queue
         * @return this builder
         * @throws IllegalArgumentException if null or a queue of that name is registered
         */
        public Builder queue(ReliableQueue<?> queue) {
            put(queues, Checks.notNull(queue, "queue").name(), queue, "queue");
            return this;
        }

        /**
         * Registers a lock instance (its held leases).
         *
         * @param lock the lock instance
         * @return this builder
         * @throws IllegalArgumentException if null or an instance of that name is registered
         */
        public Builder lock(RedisLock lock) {
            put(locks, Checks.notNull(lock, "lock").name(), lock, "lock");
            return this;
        }

        /**
         * Registers a rate limiter (state lookup and reset of a key).
         *
         * @param limiter the limiter
         * @return this builder
         * @throws IllegalArgumentException if null or a limiter of that name is registered
         */
        public Builder rateLimiter(RateLimiter limiter) {
            put(limiters, Checks.notNull(limiter, "limiter").name(), limiter, "limiter");
            return this;
        }

        /**
         * Registers a session store (a user's devices, log out one or all).
         *
         * @param name the name the console shows
         * @param store the store
         * @return this builder
         * @throws IllegalArgumentException if null, not an identifier, or a store of that name is registered
         */
        public Builder sessions(String name, SessionStore store) {
            put(sessions, KeySpace.identifier(name, "name"), Checks.notNull(store, "store"), "session store");
            return this;
        }

        /**
         * Registers a leaderboard (pages and member lookup).
         *
         * @param board the leaderboard
         * @return this builder
         * @throws IllegalArgumentException if null or a board of that name is registered
         */
        public Builder leaderboard(Leaderboard board) {
            put(leaderboards, Checks.notNull(board, "board").name(), board, "leaderboard");
            return this;
        }

        /**
         * Registers an analytics instance (counter charts, unique counts and trending lists).
         *
         * @param instance the instance
         * @return this builder
         * @throws IllegalArgumentException if null or an instance of that name is registered
         */
        public Builder analytics(Analytics instance) {
            put(analytics, Checks.notNull(instance, "analytics").config().name(), instance, "analytics instance");
            return this;
        }

        /**
         * A counter chart the analytics page always shows (besides the one a user asks for).
         *
         * @param metric the metric
         * @param dimension the dimension, for example {@code all}
         * @return this builder
         * @throws IllegalArgumentException if either is null or empty
         */
        public Builder analyticsChart(String metric, String dimension) {
            series.add(
                    new String[] {Checks.notEmpty(metric, "metric", 200), Checks.notEmpty(dimension, "dimension", 200)
                    });
            return this;
        }

        private static <T> void put(Map<String, T> map, String name, T value, String what) {
            if (map.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException(what + " '" + name + "' is already registered");
            }
        }

        /**
         * Builds the console and starts its idle sampler; {@link RedkitConsole#close()} stops it.
         *
         * @return the console
         * @throws IllegalStateException if no authenticator was set
         */
        public RedkitConsole build() {
            if (authenticator == null) {
                throw new IllegalStateException("authenticator must be set: the console has no anonymous mode");
            }
            return new RedkitConsole(new ConsoleSettings(
                    connector,
                    authenticator,
                    readOnly,
                    basePath,
                    sampleInterval,
                    clock,
                    meterRegistry,
                    new LinkedHashMap<>(queues),
                    new LinkedHashMap<>(locks),
                    new LinkedHashMap<>(limiters),
                    new LinkedHashMap<>(sessions),
                    new LinkedHashMap<>(leaderboards),
                    new LinkedHashMap<>(analytics),
                    List.copyOf(series)));
        }
    }
}
