package dev.redkit.benchmarks.session;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * {@code SessionStore.get} and {@code create} beside raw Jedis:
 * <ul>
 *   <li>{@code get}: the issue-19 floor, one pipeline of {@code HGETALL} and {@code PEXPIRE} of the session
 *       hash (read and slide the idle expiry, with no absolute expiry, user index or token check);</li>
 *   <li>{@code getSameScript} and {@code create}: the store's own {@code get.lua} / {@code create.lua} sent
 *       with one {@code EVALSHA} with pre-built keys and arguments, so the difference to Redkit is its client
 *       work (token shape check, HMAC of the token, key building, clock, reply mapping and JSON decoding of
 *       attributes, metrics hook);</li>
 *   <li>{@code getHgetallOnly}: a plain {@code HGETALL}, the absolute floor of a read (no sliding).</li>
 * </ul>
 *
 * <p>Each thread owns {@value #SESSIONS} sessions of {@value #USERS} users (idle 1 h, 2 attributes,
 * a browser user agent). Creates spread over the same users with a limit of 5 sessions each, so after
 * warm-up every create also evicts one session (the full write path).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionBenchmark {

    static final int SESSIONS = 1024;
    /** The store's touch interval (its default for a 1 h idle timeout), which the raw twin passes too. */
    static final Duration TOUCH = Duration.ofMinutes(1);

    static final int USERS = 256;
    static final long IDLE_MS = Duration.ofHours(1).toMillis();
    static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final LuaScript GET = script("get.lua");
    private static final LuaScript CREATE = script("create.lua");

    private static LuaScript script(String name) {
        String path = "dev/redkit/session/internal/" + name;
        try (InputStream in = SessionBenchmark.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " not on the classpath");
            }
            return LuaScript.of(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One thread's store, tokens and pre-built raw arguments. */
    @State(Scope.Thread)
    public static class ThreadState {
        SessionStore store;
        final List<String> tokens = new ArrayList<>(SESSIONS);
        final List<String> users = new ArrayList<>(USERS);
        final List<List<String>> rawGetKeys = new ArrayList<>(SESSIONS);
        final List<List<String>> rawGetArgs = new ArrayList<>(SESSIONS);
        final List<String> rawHashKeys = new ArrayList<>(SESSIONS);
        final List<KeySpace.Slot> rawCreateSlots = new ArrayList<>(USERS);
        int thread;
        int next;
        long ids;

        /**
         * Creates this thread's sessions twice (one store for Redkit, one for raw Jedis) and loads the scripts.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            thread = THREADS.incrementAndGet();
            store = SessionStore.builder(
                            backend.connector(),
                            "bench",
                            "benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII))
                    .idleTimeout(Duration.ofHours(1))
                    .absoluteTimeout(Duration.ofDays(1))
                    .touchInterval(TOUCH)
                    .maxSessionsPerUser(5)
                    .build();
            KeySpace raw = backend.connector().keySpace("session", "bench");
            for (int u = 0; u < USERS; u++) {
                users.add("user-" + thread + "-" + u);
                rawCreateSlots.add(raw.slot("r" + Integer.toString(thread * USERS + u, 36)));
            }
            for (int i = 0; i < SESSIONS; i++) {
                NewSession s = store.create(
                        users.get(i % USERS),
                        Map.of("role", "customer", "tenant", "acme"),
                        ClientInfo.of("203.0.113.7", USER_AGENT));
                tokens.add(s.token());
                String tag = s.token().substring(0, 2);
                KeySpace.Slot slot = raw.slot(tag);
                String key = slot.key("s", s.session().id());
                rawHashKeys.add(key);
                rawGetKeys.add(List.of(key));
                rawGetArgs.add(List.of(
                        "0", "3600000", slot.key("u") + ':', s.session().id(), Long.toString(TOUCH.toMillis())));
            }
            backend.jedis().scriptLoad(GET.source());
            backend.jedis().scriptLoad(CREATE.source());
        }

        int next() {
            next = (next + 1) % SESSIONS;
            return next;
        }
    }

    /**
     * Redkit: validates one session; within the touch interval one plain {@code HGETALL}, once per interval
     * per session the get script slides it (a second round trip).
     *
     * @param state this thread's state
     * @return the session
     */
    @Benchmark
    public Optional<Session> redkitGet(ThreadState state) {
        Optional<Session> s = state.store.get(state.tokens.get(state.next()));
        if (s.isEmpty()) {
            throw new IllegalStateException("session vanished");
        }
        return s;
    }

    /**
     * The floor: {@code HGETALL} and {@code PEXPIRE} (the idle timeout) of the session hash in one pipeline.
     *
     * @param state this thread's state
     * @param backend the shared backend
     * @return the fields
     */
    @Benchmark
    public Map<String, String> jedisGet(ThreadState state, RedisBackend backend) {
        String key = state.rawHashKeys.get(state.next());
        try (AbstractPipeline p = backend.jedis().pipelined()) {
            Response<Map<String, String>> fields = p.hgetAll(key);
            p.pexpire(key, IDLE_MS);
            p.sync();
            return fields.get();
        }
    }

    /**
     * Raw Jedis: the same {@code get.lua} with one {@code EVALSHA} and pre-built arguments (the clock read
     * is the only client work).
     *
     * @param state this thread's state
     * @param backend the shared backend
     * @return the reply
     */
    @Benchmark
    public Object jedisGetSameScript(ThreadState state, RedisBackend backend) {
        int i = state.next();
        List<String> args = new ArrayList<>(state.rawGetArgs.get(i));
        args.set(0, Long.toString(System.currentTimeMillis()));
        return backend.jedis().evalsha(GET.sha1(), state.rawGetKeys.get(i), args);
    }

    /**
     * Raw Jedis: one {@code HGETALL} of a session hash, the floor of any session read.
     *
     * @param state this thread's state
     * @param backend the shared backend
     * @return the fields
     */
    @Benchmark
    public Map<String, String> jedisGetHgetallOnly(ThreadState state, RedisBackend backend) {
        return backend.jedis().hgetAll(state.rawHashKeys.get(state.next()));
    }

    /**
     * Redkit: creates a session (random token, HMAC, JSON attributes, one {@code EVALSHA} that prunes,
     * evicts over the limit and writes).
     *
     * @param state this thread's state
     * @return the new session
     */
    @Benchmark
    public NewSession redkitCreate(ThreadState state) {
        return state.store.create(
                state.users.get(state.next() % USERS),
                Map.of("role", "customer", "tenant", "acme"),
                ClientInfo.of("203.0.113.7", USER_AGENT));
    }

    /**
     * Raw Jedis: the same {@code create.lua} with one {@code EVALSHA}, a counter instead of a random
     * token and pre-encoded attributes.
     *
     * @param state this thread's state
     * @param backend the shared backend
     * @return the reply
     */
    @Benchmark
    public Object jedisCreate(ThreadState state, RedisBackend backend) {
        KeySpace.Slot slot = state.rawCreateSlots.get(state.next() % USERS);
        String id = Long.toString(state.ids++, 36);
        return backend.jedis()
                .evalsha(
                        CREATE.sha1(),
                        List.of(slot.key("s", id), slot.key("u", "user")),
                        List.of(
                                Long.toString(System.currentTimeMillis()),
                                "3600000",
                                "86400000",
                                "5",
                                "evict",
                                id,
                                slot.key("s") + ':',
                                "user",
                                "203.0.113.7",
                                USER_AGENT,
                                "a:role",
                                "\"customer\"",
                                "a:tenant",
                                "\"acme\""));
    }
}
