package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings for connecting to Redis: topology, endpoints, credentials, TLS, pool and timeouts.
 *
 * <p>Build one from a URL, from the environment or with the builder:
 * <!-- snippet: CoreSnippets#redisConfig -->
 * <pre>{@code
 * RedisConfig a = RedisConfig.fromUrl("rediss://app:secret@cache.internal:6380/0");
 * RedisConfig b = RedisConfig.fromUrl("redis+cluster://10.0.0.1:7000,10.0.0.2:7000");
 * RedisConfig c = RedisConfig.fromUrl("redis+sentinel://s1:26379,s2:26379/mymaster");
 * RedisConfig d = RedisConfig.fromEnv(); // REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS, ...
 * RedisConfig e = RedisConfig.builder()
 *         .standalone("localhost", 6379)
 *         .socketTimeout(Duration.ofMillis(500))
 *         .keyPrefix("shop")
 *         .build();
 * }</pre>
 *
 * <h2>URL form</h2>
 * {@code scheme://[user[:password]@]host[:port][,host[:port]...][/path][?option=value&...]} where the
 * scheme is {@code redis} or {@code rediss} (TLS), optionally followed by {@code +cluster} or
 * {@code +sentinel}. For standalone the path is the database number; for Sentinel it is the master
 * name, optionally followed by {@code /database}. Options: {@code connectTimeout}, {@code socketTimeout},
 * {@code blockingSocketTimeout}, {@code maxWaitForConnection} (durations such as {@code 500ms},
 * {@code 2s}, {@code 1m} or ISO-8601), {@code maxConnections}, {@code minIdleConnections},
 * {@code callTimeout}, {@code maxQueuedCalls}, {@code clusterMaxAttempts}, {@code clientName}, {@code keyPrefix},
 * {@code verifyHostname}.
 * User name and password are percent-decoded; a {@code /}, {@code ?}, {@code #} or {@code @} in them must be
 * percent-encoded ({@code %2F}, {@code %3F}, {@code %23}, {@code %40}), or parsing fails. Every host must be a host
 * name, an IPv4 address or a bracketed IPv6 address.
 *
 * <h2>Defaults</h2>
 * A bounded pool of 32 connections with a fair queue of at most 100,000 callers in front of it, a 2 s connect
 * timeout, a 2 s socket (reply) timeout, a 20 s call deadline, 60 s for blocking commands, TCP keep-alive and
 * TCP_NODELAY on (Jedis defaults), client name {@code redkit}, key prefix {@code redkit}, TLS hostname
 * verification on.
 *
 * <h2>Retries</h2>
 * On a standalone or Sentinel topology Redkit never retries a command: a failure surfaces as
 * {@link RedisUnavailableException} and the caller decides. On Cluster, Jedis follows
 * {@code MOVED}/{@code ASK} redirections and retries after a connection failure, up to
 * {@code clusterMaxAttempts} (default 3) tries in all. A retried write whose first reply timed out may
 * therefore run twice; every Redkit component keeps such a second run harmless (scripts that are
 * idempotent for the same client-generated token or operation id, or that only over-count, as
 * documented per component).
 *
 * <h2>Call deadline</h2>
 * {@code callTimeout} (default 20 s, or twice the socket timeout if that is longer) is the deadline of one whole
 * {@link RedisOps} call, counted from the moment it is made: its wait for a turn at the connection pool, its round
 * trips, and on Cluster its retries, redirections and slot-map refreshes. Nothing starts that could not end
 * before it:
 * <ul>
 * <li>Callers beyond {@code maxConnections} wait in arrival order; a caller gets its turn only while its
 *     {@linkplain #runBudget() run budget} still fits before the deadline: one socket timeout on standalone and
 *     Sentinel, two on Cluster. Otherwise it fails with {@link RedisUnavailableException}, nothing sent
 *     ({@code mayHaveBeenApplied() == false}). With the defaults a caller may wait 18 s (Cluster: 16 s).</li>
 * <li>On Cluster, once a call has its turn, a retry or redirection starts only while less than one socket timeout
 *     has passed since its first attempt (and the run budget is not used up), so an attempt that hangs for the whole
 *     socket timeout still ends within the budget, never {@code clusterMaxAttempts} socket timeouts in a row.</li>
 * </ul>
 * A call thus ends within {@code callTimeout}, plus the connect timeout when it opens a new connection to a host
 * that does not answer. Measured during Cluster and Sentinel failovers in docs/RELIABILITY.md.
 *
 * <h2>Credentials</h2>
 * No part of a URL's user-info ever appears in an exception message, a log line or {@link #toString()}: a parse
 * error names the part that is wrong and never repeats the URL's text, and {@code toString()} shows only whether a
 * user name and a password are set. The user name is readable through {@link #username()}; the password only by
 * the connector, which sends it to Redis.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p>URL and environment parsing live in {@code RedisUrlParser} and {@code RedisEnvParser}. The file stays over
 * 500 lines because of its nested {@link Builder}, whose per-option Javadoc (defaults, ranges, what Jedis does
 * with each value) is most of its length; splitting the builder out would rename a type callers use.
 */
public final class RedisConfig {

    private static final Pattern CLIENT_NAME = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);

    private final Topology topology;
    private final List<RedisEndpoint> endpoints;
    private final @Nullable String sentinelMaster;
    private final @Nullable String username;
    private final @Nullable String password;
    private final int database;
    private final boolean tls;
    private final @Nullable SSLContext sslContext;
    private final boolean verifyHostname;
    private final int maxConnections;
    private final int minIdleConnections;
    private final Duration maxWaitForConnection;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration blockingSocketTimeout;
    private final int clusterMaxAttempts;
    private final Duration callTimeout;
    private final boolean callTimeoutSet;
    private final int maxQueuedCalls;
    private final String clientName;
    private final String keyPrefix;

    private RedisConfig(Builder b, Topology topology) {
        this.topology = topology;
        this.endpoints = List.copyOf(b.endpoints);
        this.sentinelMaster = b.sentinelMaster;
        this.username = b.username;
        this.password = b.password;
        this.database = b.database;
        this.tls = b.tls;
        this.sslContext = b.sslContext;
        this.verifyHostname = b.verifyHostname;
        this.maxConnections = b.maxConnections;
        this.minIdleConnections = b.minIdleConnections;
        this.maxWaitForConnection = b.maxWaitForConnection;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.blockingSocketTimeout = b.blockingSocketTimeout;
        this.clusterMaxAttempts = b.clusterMaxAttempts;
        this.callTimeout = b.callTimeout != null ? b.callTimeout : defaultCallTimeout(b.socketTimeout);
        this.callTimeoutSet = b.callTimeout != null;
        this.maxQueuedCalls = b.maxQueuedCalls;
        this.clientName = b.clientName;
        this.keyPrefix = b.keyPrefix;
    }

    /**
     * Starts a builder with the defaults and no endpoint.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding a copy of this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses a Redis URL (see the class documentation for the form).
     *
     * @param url the URL, for example {@code redis://localhost:6379/0}
     * @return the configuration
     * @throws IllegalArgumentException naming the bad part (the scheme, the user-info, host <i>n</i>, the database,
     *     an option); the message never repeats text of the URL, and a host that is not a host name or IP literal
     *     (a user-info that lost its {@code @}) fails here, before anything is resolved
     */
    public static RedisConfig fromUrl(String url) {
        return RedisUrlParser.parse(url);
    }

    /**
     * Reads the configuration from the process environment; see {@link #fromEnv(Map)}.
     *
     * @return the configuration
     * @throws IllegalArgumentException if no variable names a server or a value is invalid
     */
    public static RedisConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * Reads the configuration from the given variables when they name a server, for applications that fall
     * back to something else (an embedded server in development) when they do not.
     *
     * @param env the variables, usually {@link System#getenv()}
     * @return the configuration as {@link #fromEnv(Map)} reads it, or empty when none of {@code REDIS_URL},
     *     {@code REDIS_CLUSTER_NODES} and {@code REDIS_SENTINELS} is set to a non-blank value
     * @throws IllegalArgumentException if a server is named but a value is invalid or several are named
     */
    public static Optional<RedisConfig> fromEnvIfSet(Map<String, String> env) {
        return RedisEnvParser.parseIfSet(env);
    }

    /**
     * Reads the configuration from the given variables.
     *
     * <ul>
     *   <li>{@code REDIS_URL}: a URL as for {@link #fromUrl(String)};</li>
     *   <li>{@code REDIS_CLUSTER_NODES}: comma separated {@code host:port} seed nodes (Cluster);</li>
     *   <li>{@code REDIS_SENTINELS} and {@code REDIS_SENTINEL_MASTER}: sentinels and master name;</li>
     *   <li>{@code REDIS_USERNAME}, {@code REDIS_PASSWORD}, {@code REDIS_TLS} ({@code true}/{@code false})
     *       and {@code REDKIT_KEY_PREFIX}: override or complete any of the above.</li>
     * </ul>
     *
     * @param env the variables, usually {@link System#getenv()}
     * @return the configuration
     * @throws IllegalArgumentException if no variable names a server, several do, or a value is invalid
     */
    public static RedisConfig fromEnv(Map<String, String> env) {
        return RedisEnvParser.parse(env);
    }

    /** @return the topology */
    public Topology topology() {
        return topology;
    }

    /** @return the server (standalone), seed nodes (Cluster) or sentinels (Sentinel); never empty */
    public List<RedisEndpoint> endpoints() {
        return endpoints;
    }

    /** @return the Sentinel master name, or {@code null} for other topologies */
    public @Nullable String sentinelMaster() {
        return sentinelMaster;
    }

    /** @return the ACL user name, or {@code null} for the default user */
    public @Nullable String username() {
        return username;
    }

    /** @return whether a password is configured; the password itself is not readable from outside */
    public boolean hasPassword() {
        return password != null;
    }

    @Nullable
    String password() {
        return password;
    }

    /** @return the logical database (always 0 on Cluster) */
    public int database() {
        return database;
    }

    /** @return whether connections use TLS */
    public boolean tls() {
        return tls;
    }

    /** @return the TLS context to use, or {@code null} for the JVM default trust store */
    public @Nullable SSLContext sslContext() {
        return sslContext;
    }

    /** @return whether the server certificate's host name is verified (TLS only) */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** @return the most connections the pool (per Cluster node) opens */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the connections the pool keeps open when idle */
    public int minIdleConnections() {
        return minIdleConnections;
    }

    /**
     * The commons-pool2 wait for a free connection. Every call first waits its turn in the fair queue in front of
     * the pool (one turn per connection, bounded by the {@linkplain #callTimeout() call deadline}), so a call with
     * its turn finds a connection at once and this wait does not bound anything Redkit does any more.
     *
     * @return the pool's own wait, by default 1 s
     * @deprecated callers wait in the queue in front of the pool, bounded by {@link #callTimeout()}; set that
     *     instead. This value only reaches the pool's configuration.
     */
    @Deprecated
    public Duration maxWaitForConnection() {
        return maxWaitForConnection;
    }

    /** @return the TCP connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long a reply may take before {@link RedisUnavailableException} */
    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** @return the reply timeout for blocking commands; their own block time must stay below it */
    public Duration blockingSocketTimeout() {
        return blockingSocketTimeout;
    }

    /** @return tries per command on Cluster, redirections included */
    public int clusterMaxAttempts() {
        return clusterMaxAttempts;
    }

    /**
     * The deadline of one whole call: its wait for a turn at the pool, its round trips and its Cluster retries;
     * see "Call deadline" above.
     *
     * @return the call deadline, by default 20 s or twice the {@linkplain #socketTimeout() socket timeout} if
     *     that is longer
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * The part of the {@linkplain #callTimeout() call deadline} a call needs once it has its turn at the pool:
     * one socket timeout on standalone and Sentinel; on Cluster two (one attempt that may hang, and the retries
     * and redirections that start within another), at most the whole call deadline. A caller waits for its turn
     * only while this much of its deadline is left.
     *
     * @return the run budget
     */
    public Duration runBudget() {
        if (topology != Topology.CLUSTER) {
            return socketTimeout;
        }
        Duration two = socketTimeout.multipliedBy(2);
        return two.compareTo(callTimeout) < 0 ? two : callTimeout;
    }

    /**
     * The most callers that wait for a turn at the pool at once; one more fails at once with
     * {@link RedisUnavailableException} (nothing sent) instead of growing the queue without bound.
     *
     * @return the queue's bound, by default 100,000
     */
    public int maxQueuedCalls() {
        return maxQueuedCalls;
    }

    private static Duration defaultCallTimeout(Duration socketTimeout) {
        Duration twice = socketTimeout.multipliedBy(2);
        return twice.compareTo(DEFAULT_CALL_TIMEOUT) > 0 ? twice : DEFAULT_CALL_TIMEOUT;
    }

    /** @return the name sent with {@code CLIENT SETNAME} */
    public String clientName() {
        return clientName;
    }

    /** @return the first segment of every key Redkit writes */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * The endpoints as {@code host:port,host:port}, for messages.
     *
     * @return the endpoints, never credentials
     */
    public String describeEndpoints() {
        StringBuilder sb = new StringBuilder();
        for (RedisEndpoint e : endpoints) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RedisConfig{topology=" + topology
                + ", endpoints=" + describeEndpoints()
                + (sentinelMaster == null ? "" : ", sentinelMaster=" + sentinelMaster)
                + (username == null ? "" : ", username=****")
                + ", password=" + (password == null ? "none" : "****")
                + ", database=" + database
                + ", tls=" + tls + (tls ? ", verifyHostname=" + verifyHostname : "")
                + ", maxConnections=" + maxConnections
                + ", minIdleConnections=" + minIdleConnections
                + ", maxWaitForConnection=" + maxWaitForConnection
                + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout
                + ", blockingSocketTimeout=" + blockingSocketTimeout
                + ", callTimeout=" + callTimeout
                + ", maxQueuedCalls=" + maxQueuedCalls
                + (topology == Topology.CLUSTER ? ", clusterMaxAttempts=" + clusterMaxAttempts : "")
                + ", clientName=" + clientName
                + ", keyPrefix=" + keyPrefix + '}';
    }

    /**
     * Builds a {@link RedisConfig}. Every setter validates its argument at once and throws
     * {@link IllegalArgumentException} naming the field; {@link #build()} checks the combination.
     * Not thread-safe.
     */
    public static final class Builder {
        private @Nullable Topology topology;
        private List<RedisEndpoint> endpoints = List.of();
        private @Nullable String sentinelMaster;
        private @Nullable String username;
        private @Nullable String password;
        private int database;
        private boolean tls;
        private @Nullable SSLContext sslContext;
        private boolean verifyHostname = true;
        private int maxConnections = 32;
        private int minIdleConnections;
        private Duration maxWaitForConnection = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(2);
        private Duration blockingSocketTimeout = Duration.ofSeconds(60);
        private int clusterMaxAttempts = 3;
        /** {@code null} until set: then {@link RedisConfig} derives it from the socket timeout. */
        private @Nullable Duration callTimeout;

        private int maxQueuedCalls = 100_000;
        private String clientName = "redkit";
        private String keyPrefix = "redkit";

        private Builder() {}

        private Builder(RedisConfig c) {
            topology = c.topology;
            endpoints = c.endpoints;
            sentinelMaster = c.sentinelMaster;
            username = c.username;
            password = c.password;
            database = c.database;
            tls = c.tls;
            sslContext = c.sslContext;
            verifyHostname = c.verifyHostname;
            maxConnections = c.maxConnections;
            minIdleConnections = c.minIdleConnections;
            maxWaitForConnection = c.maxWaitForConnection;
            connectTimeout = c.connectTimeout;
            socketTimeout = c.socketTimeout;
            blockingSocketTimeout = c.blockingSocketTimeout;
            clusterMaxAttempts = c.clusterMaxAttempts;
            callTimeout = c.callTimeoutSet ? c.callTimeout : null;
            maxQueuedCalls = c.maxQueuedCalls;
            clientName = c.clientName;
            keyPrefix = c.keyPrefix;
        }

        /**
         * One standalone server.
         *
         * @param host host name or IP
         * @param port TCP port
         * @return this builder
         */
        public Builder standalone(String host, int port) {
            endpoints = List.of(new RedisEndpoint(host, port));
            topology = Topology.STANDALONE;
            sentinelMaster = null;
            return this;
        }

        /**
         * A Redis Cluster reached through the given seed nodes.
         *
         * @param seedNodes one or more nodes of the cluster
         * @return this builder
         */
        public Builder cluster(List<RedisEndpoint> seedNodes) {
            endpoints = nonEmpty(seedNodes, "seedNodes");
            topology = Topology.CLUSTER;
            sentinelMaster = null;
            return this;
        }

        /**
         * A primary found through Sentinel.
         *
         * @param masterName the name the sentinels monitor
         * @param sentinels one or more sentinels
         * @return this builder
         */
        public Builder sentinel(String masterName, List<RedisEndpoint> sentinels) {
            if (masterName == null || masterName.isBlank()) {
                throw new IllegalArgumentException("sentinelMaster must not be empty");
            }
            endpoints = nonEmpty(sentinels, "sentinels");
            topology = Topology.SENTINEL;
            sentinelMaster = masterName;
            return this;
        }

        private static List<RedisEndpoint> nonEmpty(List<RedisEndpoint> list, String field) {
            if (list == null || list.isEmpty()) {
                throw new IllegalArgumentException(field + " must not be empty");
            }
            for (RedisEndpoint e : list) {
                if (e == null) {
                    throw new IllegalArgumentException(field + " must not contain null");
                }
            }
            return List.copyOf(list);
        }

        /**
         * The ACL user name; {@code null} for the default user.
         *
         * @param username the user name
         * @return this builder
         */
        public Builder username(@Nullable String username) {
            if (username != null && username.isEmpty()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            this.username = username;
            return this;
        }

        /**
         * The password; {@code null} for none. It is never printed.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(@Nullable String password) {
            if (password != null && password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /**
         * The logical database, 0 by default; must be 0 on Cluster.
         *
         * @param database a database index, 0 or more
         * @return this builder
         */
        public Builder database(int database) {
            if (database < 0) {
                throw new IllegalArgumentException("database must be 0 or more, was " + database);
            }
            this.database = database;
            return this;
        }

        /**
         * Whether to use TLS ({@code rediss://}).
         *
         * @param tls true for TLS
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The TLS context (for a custom trust store or client certificate); implies {@code tls(true)}.
         *
         * @param sslContext the context, or {@code null} for the JVM default
         * @return this builder
         */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            if (sslContext != null) {
                this.tls = true;
            }
            return this;
        }

        /**
         * Whether TLS verifies the server certificate's host name (default {@code true}).
         *
         * @param verifyHostname false only for test setups
         * @return this builder
         */
        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /**
         * Pool size per server (per node on Cluster), default 32.
         *
         * @param maxConnections 1 or more
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Idle connections kept open, default 0.
         *
         * @param minIdleConnections 0 or more, at most {@code maxConnections}
         * @return this builder
         */
        public Builder minIdleConnections(int minIdleConnections) {
            if (minIdleConnections < 0) {
                throw new IllegalArgumentException("minIdleConnections must be 0 or more, was " + minIdleConnections);
            }
            this.minIdleConnections = minIdleConnections;
            return this;
        }

        /**
         * The commons-pool2 wait for a free connection, default 1 s; see {@link RedisConfig#maxWaitForConnection()}.
         *
         * @param maxWait a positive duration
         * @return this builder
         * @deprecated callers wait in the fair queue in front of the pool, bounded by the call deadline: set
         *     {@link #callTimeout(Duration)} instead
         */
        @Deprecated
        public Builder maxWaitForConnection(Duration maxWait) {
            this.maxWaitForConnection = positive(maxWait, "maxWaitForConnection");
            return this;
        }

        /**
         * TCP connect timeout, default 2 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Reply timeout, default 2 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = positive(timeout, "socketTimeout");
            return this;
        }

        /**
         * Reply timeout for blocking commands (BLMOVE, BZPOPMIN, ...), default 60 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder blockingSocketTimeout(Duration timeout) {
            this.blockingSocketTimeout = positive(timeout, "blockingSocketTimeout");
            return this;
        }

        /**
         * Tries per command on Cluster, redirections included; default 3.
         *
         * @param attempts 1 or more
         * @return this builder
         */
        public Builder clusterMaxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("clusterMaxAttempts must be at least 1, was " + attempts);
            }
            this.clusterMaxAttempts = attempts;
            return this;
        }

        /**
         * The deadline of one whole call (its wait for a turn at the pool, its round trips, its Cluster retries);
         * default 20 s, or twice the socket timeout if that is longer (see "Call deadline" on {@link RedisConfig}).
         * A caller waits for its turn for at most {@code callTimeout} minus the {@linkplain RedisConfig#runBudget()
         * run budget}, so a deadline equal to the run budget lets no caller wait.
         *
         * @param timeout at least the socket timeout (checked by {@link #build()})
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /**
         * The most callers that wait for a turn at the pool at once, default 100,000; one more fails at once
         * with {@link RedisUnavailableException}, nothing sent.
         *
         * @param maxQueuedCalls 0 (no caller waits) or more
         * @return this builder
         */
        public Builder maxQueuedCalls(int maxQueuedCalls) {
            if (maxQueuedCalls < 0) {
                throw new IllegalArgumentException("maxQueuedCalls must be 0 or more, was " + maxQueuedCalls);
            }
            this.maxQueuedCalls = maxQueuedCalls;
            return this;
        }

        /**
         * The client name shown by {@code CLIENT LIST}, default {@code redkit}.
         *
         * @param clientName printable ASCII without spaces, at most 64 characters
         * @return this builder
         */
        public Builder clientName(String clientName) {
            if (clientName == null || !CLIENT_NAME.matcher(clientName).matches()) {
                throw new IllegalArgumentException("clientName must be 1-64 printable ASCII characters without spaces");
            }
            this.clientName = clientName;
            return this;
        }

        /**
         * The first segment of every key, default {@code redkit}.
         *
         * @param keyPrefix 1-64 characters from {@code A-Z a-z 0-9 . _ -}
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = KeySpace.prefix(keyPrefix, "keyPrefix");
            return this;
        }

        /** Sent to Jedis in whole milliseconds as an int, where 0 would mean "wait forever": so at least 1 ms. */
        private static Duration positive(Duration d, String field) {
            Checks.positiveMillis(d, field);
            if (d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(field + " must be below " + Integer.MAX_VALUE + " ms, was " + d);
            }
            return d;
        }

        /**
         * Checks the combination and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if no topology is set, or a value does not fit it
         */
        public RedisConfig build() {
            if (topology == null) {
                throw new IllegalArgumentException("topology must be set: call standalone, cluster or sentinel");
            }
            if (topology == Topology.CLUSTER && database != 0) {
                throw new IllegalArgumentException("database must be 0 on Cluster, was " + database);
            }
            if (minIdleConnections > maxConnections) {
                throw new IllegalArgumentException("minIdleConnections (" + minIdleConnections
                        + ") must not exceed maxConnections (" + maxConnections + ")");
            }
            if (blockingSocketTimeout.compareTo(socketTimeout) < 0) {
                throw new IllegalArgumentException("blockingSocketTimeout must be at least socketTimeout");
            }
            if (callTimeout != null && callTimeout.compareTo(socketTimeout) < 0) {
                throw new IllegalArgumentException(
                        "callTimeout (" + callTimeout + ") must be at least socketTimeout (" + socketTimeout + ")");
            }
            return new RedisConfig(this, topology);
        }
    }
}
