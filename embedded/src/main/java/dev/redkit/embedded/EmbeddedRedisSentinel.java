package dev.redkit.embedded;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real Sentinel setup on loopback ports: one master, its replicas (one by default) and three sentinels
 * with a short {@code down-after-milliseconds}, ready when every sentinel sees the master, its replicas
 * and the other sentinels.
 *
 * <p>Tests kill or pause {@link #master()} to watch a failover, or call {@link #failover(long)}.
 * <!-- snippet: EmbeddedSnippets#embeddedRedisSentinel -->
 * <pre>{@code
 * try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.builder().start();
 *         RedisConnector connector = RedisConnector.create(sentinel.config())) {
 *     connector.ping();
 * }
 * }</pre>
 * Thread-safe for reads; lifecycle methods are synchronized.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

    private final String masterName;
    private final List<EmbeddedRedis> servers;
    private final List<EmbeddedRedis> sentinels;

    private EmbeddedRedisSentinel(String masterName, List<EmbeddedRedis> servers, List<EmbeddedRedis> sentinels) {
        this.masterName = masterName;
        this.servers = List.copyOf(servers);
        this.sentinels = List.copyOf(sentinels);
    }

    /**
     * Starts building a Sentinel setup.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the name the sentinels monitor */
    public String masterName() {
        return masterName;
    }

    /** @return the data servers (the first one is the initial master) */
    public List<EmbeddedRedis> servers() {
        return servers;
    }

    /** @return the sentinel processes */
    public List<EmbeddedRedis> sentinels() {
        return sentinels;
    }

    /**
     * The data server the sentinels currently name as master.
     *
     * @return the master process
     * @throws IllegalStateException if no sentinel answers or the address is not one of ours
     */
    public EmbeddedRedis master() {
        RedisEndpoint address = masterAddress();
        for (EmbeddedRedis s : servers) {
            if (s.port() == address.port()) {
                return s;
            }
        }
        throw new IllegalStateException("sentinels name unknown master " + address);
    }

    /**
     * The master's address as a running sentinel reports it.
     *
     * @return the address
     */
    public RedisEndpoint masterAddress() {
        for (EmbeddedRedis s : sentinels) {
            if (!s.isRunning() || s.isPaused()) {
                continue;
            }
            try (Jedis jedis = s.client(1000)) {
                List<String> addr = jedis.sentinelGetMasterAddrByName(masterName);
                return new RedisEndpoint(addr.get(0), Integer.parseInt(addr.get(1)));
            } catch (RuntimeException e) {
                continue;
            }
        }
        throw new IllegalStateException("no sentinel answers");
    }

    /** @return a Sentinel configuration with Redkit's defaults */
    public RedisConfig config() {
        List<RedisEndpoint> endpoints = new ArrayList<>();
        sentinels.forEach(s -> endpoints.add(s.endpoint()));
        return RedisConfig.builder().sentinel(masterName, endpoints).build();
    }

    /** @return {@code redis+sentinel://host:port,.../masterName} */
    public String url() {
        StringBuilder sb = new StringBuilder("redis+sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(sentinels.get(i).endpoint());
        }
        return sb.append('/').append(masterName).toString();
    }

    /**
     * Asks a sentinel to fail over and waits until a replica has become master.
     *
     * @param timeoutMillis how long to wait
     * @return the new master
     */
    public synchronized EmbeddedRedis failover(long timeoutMillis) {
        RedisEndpoint before = masterAddress();
        try (Jedis jedis = sentinels.get(0).client(2000)) {
            jedis.sentinelFailover(masterName);
        }
        return awaitNewMaster(before, timeoutMillis);
    }

    /**
     * Waits until the sentinels name a master other than {@code previous} and it accepts writes.
     *
     * @param previous the old master's address
     * @param timeoutMillis how long to wait
     * @return the new master
     */
    public EmbeddedRedis awaitNewMaster(RedisEndpoint previous, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            try {
                RedisEndpoint now = masterAddress();
                if (now.port() != previous.port()) {
                    EmbeddedRedis m = master();
                    try (Jedis jedis = m.client(1000)) {
                        if ("master".equals(EmbeddedRedis.infoField(jedis.info("replication"), "role"))) {
                            return m;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // keep waiting
            }
            EmbeddedRedis.sleep(50);
        }
        throw new IllegalStateException("no failover away from " + previous + " within " + timeoutMillis + " ms");
    }

    /** Kills every process and deletes their files. */
    @Override
    public synchronized void close() {
        sentinels.forEach(EmbeddedRedis::close);
        servers.forEach(EmbeddedRedis::close);
    }

    @Override
    public String toString() {
        return "EmbeddedRedisSentinel{" + url() + '}';
    }

    /** Configures an {@link EmbeddedRedisSentinel}. Not thread-safe. */
    public static final class Builder {
        private String masterName = "mymaster";
        private int replicas = 1;
        private int sentinelCount = 3;
        private long downAfterMillis = 1000;
        private boolean appendOnly;

        private Builder() {}

        /**
         * The monitored name, {@code mymaster} by default.
         *
         * @param name letters, digits, {@code -} and {@code _}
         * @return this builder
         */
        public Builder masterName(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("masterName must be 1-64 characters from A-Z a-z 0-9 _ -");
            }
            this.masterName = name;
            return this;
        }

        /**
         * Replicas of the master, 1 by default.
         *
         * @param replicas 1 to 3
         * @return this builder
         */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > 3) {
                throw new IllegalArgumentException("replicas must be 1-3, was " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Sentinels, 3 by default (quorum 2).
         *
         * @param sentinels 1 to 5
         * @return this builder
         */
        public Builder sentinels(int sentinels) {
            if (sentinels < 1 || sentinels > 5) {
                throw new IllegalArgumentException("sentinels must be 1-5, was " + sentinels);
            }
            this.sentinelCount = sentinels;
            return this;
        }

        /**
         * {@code down-after-milliseconds}, 1 s by default.
         *
         * @param millis 100 or more
         * @return this builder
         */
        public Builder downAfterMillis(long millis) {
            if (millis < 100) {
                throw new IllegalArgumentException("downAfterMillis must be at least 100, was " + millis);
            }
            this.downAfterMillis = millis;
            return this;
        }

        /**
         * Append-only persistence on the data servers.
         *
         * @param on true to persist
         * @return this builder
         */
        public Builder appendOnly(boolean on) {
            this.appendOnly = on;
            return this;
        }

        /**
         * Starts master, replicas and sentinels and waits until the sentinels see all of them.
         *
         * @return the running setup
         */
        public EmbeddedRedisSentinel start() {
            List<EmbeddedRedis> servers = new ArrayList<>();
            List<EmbeddedRedis> sentinels = new ArrayList<>();
            try {
                EmbeddedRedis master = EmbeddedRedis.builder()
                        .appendOnly(appendOnly)
                        .enableDebugCommand()
                        .setting("repl-diskless-sync-delay", "0")
                        .start();
                servers.add(master);
                for (int i = 0; i < replicas; i++) {
                    servers.add(EmbeddedRedis.builder()
                            .appendOnly(appendOnly)
                            .enableDebugCommand()
                            .setting("repl-diskless-sync-delay", "0")
                            .setting("replicaof", master.host() + " " + master.port())
                            .start());
                }
                int quorum = sentinelCount / 2 + 1;
                String conf = "sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " "
                        + quorum + "\n"
                        + "sentinel down-after-milliseconds " + masterName + " " + downAfterMillis + "\n"
                        + "sentinel failover-timeout " + masterName + " 10000\n"
                        + "sentinel parallel-syncs " + masterName + " 1\n";
                for (int i = 0; i < sentinelCount; i++) {
                    sentinels.add(EmbeddedRedis.builder().sentinel(conf).start());
                }
                EmbeddedRedisSentinel setup = new EmbeddedRedisSentinel(masterName, servers, sentinels);
                setup.awaitReady(30_000);
                return setup;
            } catch (RuntimeException e) {
                sentinels.forEach(EmbeddedRedis::close);
                servers.forEach(EmbeddedRedis::close);
                throw e;
            }
        }
    }

    private void awaitReady(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            boolean ready = true;
            for (EmbeddedRedis s : sentinels) {
                try (Jedis jedis = s.client(1000)) {
                    Map<String, String> m = jedis.sentinelMaster(masterName);
                    ready &= Integer.parseInt(m.get("num-slaves")) == servers.size() - 1
                            && Integer.parseInt(m.get("num-other-sentinels")) == sentinels.size() - 1;
                } catch (RuntimeException e) {
                    ready = false;
                }
            }
            for (EmbeddedRedis r : servers.subList(1, servers.size())) {
                try (Jedis jedis = r.client(1000)) {
                    ready &= "up".equals(EmbeddedRedis.infoField(jedis.info("replication"), "master_link_status"));
                } catch (RuntimeException e) {
                    ready = false;
                }
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sentinel setup not ready within " + timeoutMillis + " ms");
            }
            EmbeddedRedis.sleep(100);
        }
    }
}
