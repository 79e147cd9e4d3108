package dev.redkit.embedded;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.spi.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/**
 * A real {@code redis-server} 7 process on a loopback port, for development, examples and tests.
 *
 * <p>The binary is the one {@code org.signal:embedded-redis} ships (Linux and macOS, amd64 and arm64);
 * nothing is downloaded and no Docker is needed. The server binds to {@code 127.0.0.1} only, keeps its
 * files in a temporary directory, and has persistence off unless {@link Builder#appendOnly(boolean)}
 * is set. Every process is killed when the JVM exits, by a shutdown hook and, should the JVM itself be
 * killed, by a small watchdog process.
 *
 * <p>Because it is a real process, tests can inject real faults: {@link #kill()} (SIGKILL),
 * {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT) and {@link #restart()} on the same port.
 * <!-- snippet: EmbeddedSnippets#embeddedRedis -->
 * <pre>{@code
 * try (EmbeddedRedis redis = EmbeddedRedis.builder().start();
 *         RedisConnector connector = RedisConnector.create(redis.config())) {
 *     connector.ping();
 * }
 * }</pre>
 * Thread-safe: lifecycle methods are synchronized.
 *
 * <p>Over 500 lines on purpose: one server process's whole life (start, the JVM-exit watchdog, replication
 * waits, fault controls, restart on the same port) and its nested {@link Builder} read best in one place, and
 * splitting the builder out would rename a type every fault test names.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";

    private final Map<String, String> settings;
    private final @Nullable String sentinelConfig;
    private final boolean tls;
    private @Nullable TlsMaterial tlsMaterial;
    private final Path dir;
    private final int port;
    private final boolean deleteDirOnClose;
    private @Nullable Process process;
    private @Nullable Process watchdog;
    private boolean paused;

    private EmbeddedRedis(Builder b, int port) {
        this.settings = new LinkedHashMap<>(b.settings);
        this.sentinelConfig = b.sentinelConfig;
        this.tls = b.tls;
        this.port = port;
        try {
            this.dir = b.dir != null
                    ? Files.createDirectories(b.dir)
                    : Files.createTempDirectory("redkit-redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server", e);
        }
        this.deleteDirOnClose = b.dir == null;
    }

    /**
     * Starts building a server.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with the defaults on a free port.
     *
     * @return the running server
     */
    public static EmbeddedRedis start() {
        return builder().start();
    }

    private synchronized void launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(RedisServerBinary.get().toString());
        if (sentinelConfig != null) {
            Path conf = dir.resolve("sentinel.conf");
            try {
                if (!Files.exists(conf)) {
                    Files.writeString(conf, sentinelConfig);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            cmd.add(conf.toString());
            cmd.add("--sentinel");
        }
        if (tls) {
            TlsMaterial material = tlsMaterial;
            if (material == null) {
                material = TlsMaterial.shared();
                tlsMaterial = material;
            }
            cmd.addAll(List.of(
                    "--port",
                    "0",
                    "--tls-port",
                    Integer.toString(port),
                    "--tls-cert-file",
                    material.certFile().toString(),
                    "--tls-key-file",
                    material.keyFile().toString(),
                    "--tls-ca-cert-file",
                    material.certFile().toString(),
                    "--tls-auth-clients",
                    "no"));
        } else {
            cmd.add("--port");
            cmd.add(Integer.toString(port));
        }
        cmd.add("--bind");
        cmd.add(HOST);
        cmd.add("--dir");
        cmd.add(dir.toString());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            cmd.add("--" + e.getKey());
            cmd.addAll(List.of(e.getValue().split(" ", -1)));
        }
        Process started;
        try {
            started = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        process = started;
        ProcessRegistry.register(started.toHandle());
        watchdog = startWatchdog(started.pid());
        waitUntilReady(started);
        paused = false;
        LOG.debug("redis-server {} started on port {} (pid {})", RedisServerBinary.VERSION, port, started.pid());
    }

    private static @Nullable Process startWatchdog(long redisPid) {
        long jvm = ProcessHandle.current().pid();
        String script =
                "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + redisPid + " 2>/dev/null; do sleep 1; done; "
                        + "kill -0 " + jvm + " 2>/dev/null || kill -9 " + redisPid + " 2>/dev/null";
        try {
            return new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.debug("no watchdog for redis-server {}: {}", redisPid, e.toString());
            return null;
        }
    }

    private void waitUntilReady(Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "redis-server exited with " + process.exitValue() + " on port " + port + ": " + logTail());
            }
            try (Jedis jedis = client(500)) {
                if ("PONG".equals(jedis.ping())) {
                    if (sentinelConfig != null) {
                        return;
                    }
                    String loading = infoField(jedis.info("persistence"), "loading");
                    if (!"1".equals(loading)) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(20);
        }
        throw new IllegalStateException(
                "redis-server on port " + port + " did not answer within 15 s: " + logTail(), last);
    }

    /**
     * The log written by the server, last lines, for failure messages.
     *
     * @return up to the last 2000 characters of the log
     */
    public String logTail() {
        try {
            String log = Files.readString(dir.resolve("redis.log"));
            return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * Opens a plain Jedis connection straight to this process, bypassing Redkit: for administration and
     * test assertions (slots, {@code INFO}, {@code DEBUG}). The caller closes it.
     *
     * @param timeoutMillis connect and reply timeout
     * @return a new connection
     */
    public Jedis client(int timeoutMillis) {
        DefaultJedisClientConfig.Builder b =
                DefaultJedisClientConfig.builder().timeoutMillis(timeoutMillis).protocol(RedisProtocol.RESP2);
        if (tls) {
            b.ssl(true).sslSocketFactory(tlsMaterial().sslContext().getSocketFactory());
        }
        return new Jedis(HOST, port, b.build());
    }

    /** @return {@code redis://127.0.0.1:port}, or {@code rediss://} for a TLS server */
    public String url() {
        return (tls ? "rediss://" : "redis://") + HOST + ":" + port;
    }

    /**
     * The TLS material of a server started with {@link Builder#tls()}.
     *
     * @return the certificate files and a trusting {@link javax.net.ssl.SSLContext}
     * @throws IllegalStateException if TLS is off, or the server was never started
     */
    public TlsMaterial tlsMaterial() {
        if (!tls) {
            throw new IllegalStateException("TLS is off for this server");
        }
        TlsMaterial material = tlsMaterial;
        if (material == null) {
            throw new IllegalStateException("TLS material is created when the server starts; start() it first");
        }
        return material;
    }

    /** @return the loopback address the server listens on */
    public String host() {
        return HOST;
    }

    /** @return the TCP port */
    public int port() {
        return port;
    }

    /** @return the endpoint */
    public RedisEndpoint endpoint() {
        return new RedisEndpoint(HOST, port);
    }

    /**
     * A standalone configuration for this server with Redkit's defaults; for a TLS server it trusts the
     * server's own certificate and verifies the host name.
     *
     * @return the configuration
     */
    public RedisConfig config() {
        RedisConfig.Builder b = RedisConfig.builder().standalone(HOST, port);
        if (tls) {
            b.sslContext(tlsMaterial().sslContext());
        }
        return b.build();
    }

    /** @return the directory holding the server's files (AOF, log, cluster state) */
    public Path directory() {
        return dir;
    }

    /** @return the operating-system process id, or -1 when not running */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Waits until {@code INFO replication} reports the given role, for failover tests.
     *
     * @param role {@code master} or {@code slave}
     * @param timeoutMillis how long to wait
     * @throws IllegalStateException if the role is not reached in time
     */
    public void awaitRole(String role, long timeoutMillis) {
        awaitReplicationInfo(
                info -> role.equals(infoField(info, "role")),
                timeoutMillis,
                "did not become " + role + " within " + timeoutMillis + " ms");
    }

    /**
     * Waits until this server is a master with at least {@code count} replicas whose link is
     * {@code state=online} in {@code INFO replication} and whose acknowledged offset has reached the master's
     * replication offset, so that {@code WAIT} can be answered at once: a replica just listed online after its
     * first sync may not have acknowledged anything yet, and a {@code WAIT} then times out.
     *
     * @param count replicas to wait for
     * @param timeoutMillis how long to wait
     * @throws IllegalStateException if they are not online and caught up in time
     */
    public void awaitOnlineReplicas(int count, long timeoutMillis) {
        awaitReplicationInfo(
                info -> "master".equals(infoField(info, "role"))
                        && info.lines()
                                        .filter(l -> l.startsWith("slave")
                                                && l.contains("state=online")
                                                && ackedOffset(l) >= masterOffset(info))
                                        .count()
                                >= count,
                timeoutMillis,
                "has no " + count + " online, caught-up replica(s) after " + timeoutMillis + " ms");
    }

    private static long masterOffset(String info) {
        String offset = infoField(info, "master_repl_offset");
        return offset == null ? Long.MAX_VALUE : Long.parseLong(offset);
    }

    /** @return the {@code offset=} of a {@code slaveN:} line of {@code INFO replication}, or -1 */
    private static long ackedOffset(String slaveLine) {
        for (String part : slaveLine.substring(slaveLine.indexOf(':') + 1).split(",")) {
            if (part.startsWith("offset=")) {
                return Long.parseLong(part.substring("offset=".length()).trim());
            }
        }
        return -1;
    }

    /** Polls {@code INFO replication} every 20 ms until it satisfies {@code reached}, else fails with {@code failure}. */
    private void awaitReplicationInfo(Predicate<String> reached, long timeoutMillis, String failure) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            try (Jedis j = client(1000)) {
                if (reached.test(j.info("replication"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // keep waiting
            }
            sleep(20);
        }
        throw new IllegalStateException(this + " " + failure);
    }

    /**
     * How many times this server ran a command since it started ({@code INFO commandstats}), to count round
     * trips and commands in tests. Commands run inside scripts are counted too.
     *
     * @param command the command name, any case ({@code wait}, {@code evalsha})
     * @return the number of calls, 0 if never called
     */
    public long commandCalls(String command) {
        String prefix = "cmdstat_" + command.toLowerCase(java.util.Locale.ROOT) + ":calls=";
        try (Jedis j = client(2000)) {
            return j.info("commandstats")
                    .lines()
                    .filter(l -> l.startsWith(prefix))
                    .mapToLong(l -> Long.parseLong(l.substring(prefix.length(), l.indexOf(','))))
                    .findFirst()
                    .orElse(0);
        }
    }

    /** @return whether the process is frozen by {@link #pause()} */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** @return whether the process is alive (a paused process is alive) */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server with {@code SHUTDOWN NOSAVE} (or SIGTERM), waiting for it to exit.
     */
    public synchronized void stop() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        try (Jedis jedis = client(1000)) {
            jedis.sendCommand(redis.clients.jedis.Protocol.Command.SHUTDOWN, "NOSAVE");
        } catch (RuntimeException expected) {
            // the server closes the connection as it exits
        }
        awaitExit(running, Duration.ofSeconds(5));
    }

    /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        awaitExit(running, Duration.ofSeconds(5));
    }

    /** Freezes the process with SIGSTOP: connections stay open, nothing answers. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** Resumes a process frozen by {@link #pause()} with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    /**
     * Starts the server again on the same port and directory; with {@link Builder#appendOnly(boolean)}
     * it reloads its data. Stops it first if it is running.
     */
    public synchronized void restart() {
        stop();
        launchWithRetries();
    }

    private void launchWithRetries() {
        RuntimeException last = null;
        for (int i = 0; i < 20; i++) {
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
                sleep(100);
            }
        }
        throw last;
    }

    private void signal(String signal) {
        long pid = pid();
        if (pid < 0) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    private void awaitExit(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessRegistry.unregister(process.toHandle());
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
        }
        paused = false;
    }

    /** Stops the server and deletes its temporary directory. */
    @Override
    public synchronized void close() {
        if (paused) {
            resume();
        }
        kill();
        if (deleteDirOnClose) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", dir, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedRedis{" + url() + ", running=" + isRunning() + '}';
    }

    static @Nullable String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Picks a free loopback port whose Cluster bus port (port + 10000) is free as well.
     *
     * @return a port
     */
    static int freePort() {
        for (int i = 0; i < 200; i++) {
            int candidate = 20000 + ThreadLocalRandom.current().nextInt(30000);
            if (isFree(candidate) && isFree(candidate + 10000)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port pair found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Configures an {@link EmbeddedRedis}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private @Nullable Path dir;
        private @Nullable String sentinelConfig;
        private boolean tls;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
            settings.put("save", "");
            settings.put("appendonly", "no");
            settings.put("daemonize", "no");
            settings.put("protected-mode", "no");
        }

        /**
         * The port; 0 (the default) picks a free one.
         *
         * @param port 0 or 1-65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 or 1-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The directory for the server's files; a temporary one, deleted on close, by default.
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder directory(Path dir) {
            this.dir = Checks.notNull(dir, "dir");
            return this;
        }

        /**
         * Turns on the append-only file with {@code appendfsync always}, so that a restart after
         * {@link EmbeddedRedis#kill()} keeps every acknowledged write.
         *
         * @param on true to persist
         * @return this builder
         */
        public Builder appendOnly(boolean on) {
            settings.put("appendonly", on ? "yes" : "no");
            if (on) {
                settings.put("appendfsync", "always");
            } else {
                settings.remove("appendfsync");
            }
            return this;
        }

        /**
         * Serves TLS only, with a fresh self-signed certificate for {@code 127.0.0.1} (see {@link TlsMaterial}).
         *
         * @return this builder
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Allows {@code DEBUG} (for example {@code DEBUG SLEEP}) from local clients.
         *
         * @return this builder
         */
        public Builder enableDebugCommand() {
            settings.put("enable-debug-command", "local");
            return this;
        }

        /**
         * Any other {@code redis.conf} directive, for example {@code setting("maxmemory", "64mb")}.
         *
         * @param name the directive
         * @param value its value; several words separated by single spaces
         * @return this builder
         */
        public Builder setting(String name, String value) {
            if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("setting name must be a redis.conf directive, was '" + name + "'");
            }
            settings.put(name, Checks.notNull(value, "value"));
            return this;
        }

        /** Runs the process as a sentinel with the given configuration file content; used by {@link EmbeddedRedisSentinel}. */
        Builder sentinel(String config) {
            this.sentinelConfig = config;
            settings.clear();
            return this;
        }

        /**
         * Starts the server and waits until it answers {@code PING}.
         *
         * @return the running server
         * @throws IllegalStateException if it does not start, or if the Jedis on the class path is older than
         *         the oldest Redkit supports (see {@link RedisConnector#requireSupportedJedis()})
         */
        public EmbeddedRedis start() {
            RedisConnector.requireSupportedJedis();
            RuntimeException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                EmbeddedRedis redis = new EmbeddedRedis(this, port != 0 ? port : freePort());
                try {
                    redis.launch();
                    return redis;
                } catch (RuntimeException e) {
                    last = e;
                    redis.close();
                    if (port != 0) {
                        break;
                    }
                }
            }
            throw last;
        }
    }
}
