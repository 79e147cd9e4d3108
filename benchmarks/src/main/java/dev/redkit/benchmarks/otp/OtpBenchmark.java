package dev.redkit.benchmarks.otp;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import redis.clients.jedis.params.SetParams;

/**
 * {@code OtpService.issue} and {@code verify} beside the raw Jedis floor: the same {@code issue.lua} /
 * {@code verify.lua} sent with one {@code EVALSHA}, with a fixed digest, so the difference is Redkit's
 * client work (code draw from {@code SecureRandom}, HMAC-SHA256, destination normalisation, key building,
 * reply mapping, metrics hook).
 *
 * <p>Each thread rotates over its own {@value #DESTINATIONS} destinations. Issue runs with no cooldown and a
 * send cap of 10,000 per second, so it always issues (the full write path). Verify submits a wrong code to
 * codes re-issued before each iteration with {@code maxAttempts} 100, and the failure logs (the budget of
 * 100 failures per day) are deleted before each iteration too, so it measures the {@code INVALID} path
 * (budget check, read, constant-time compare, count in the code and the failure log) for up to
 * 100 x {@value #DESTINATIONS} calls per thread per iteration.
 *
 * <p>{@code issueVerify} is the issue-19 row: a code issued and then verified with the right code (the whole
 * life of a login code), against the floor a hand-written OTP would do in two round trips: {@code SET PX} of
 * the code's hash and one {@code EVALSHA} of a compare-and-delete script (no cooldown, send cap, attempt
 * count or failure budget).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OtpBenchmark {

    static final int DESTINATIONS = 4096;
    static final long WINDOW_MS = 1000;
    static final int MAX_SENDS = 10_000;
    static final long TTL_MS = Duration.ofHours(1).toMillis();
    static final long FAILURE_WINDOW_MS = Duration.ofDays(1).toMillis();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String COMPARE_AND_DEL =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then " + "return redis.call('DEL', KEYS[1]) end return 0";
    private static final LuaScript ISSUE = script("issue.lua");
    private static final LuaScript VERIFY = script("verify.lua");

    private static LuaScript script(String name) {
        String path = "dev/redkit/otp/internal/" + name;
        try (InputStream in = OtpBenchmark.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " not on the classpath");
            }
            return LuaScript.of(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One thread's destinations, common to both states. */
    abstract static class Destinations {
        final List<String> destinations = new ArrayList<>(DESTINATIONS);
        final List<List<byte[]>> jedisKeys = new ArrayList<>(DESTINATIONS);
        final List<byte[]> failureLogs = new ArrayList<>(2 * DESTINATIONS);
        final byte[] secret = "benchmark-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        int next;

        void destinations(RedisBackend backend, String jedisName) {
            int thread = THREADS.incrementAndGet();
            KeySpace jedisSpace = backend.connector().keySpace("otp", jedisName);
            KeySpace redkitSpace = backend.connector().keySpace("otp", jedisName.substring("jedis-".length()));
            for (int i = 0; i < DESTINATIONS; i++) {
                String destination = String.format("+49%02d%07d", thread % 100, i);
                destinations.add(destination);
                KeySpace.Slot slot = jedisSpace.slot(destination);
                if (jedisName.endsWith("issue") || jedisName.endsWith("pair")) {
                    jedisKeys.add(List.of(bytes(slot.key("code", "login")), bytes(slot.key("sent"))));
                } else {
                    jedisKeys.add(List.of(bytes(slot.key("code", "login")), bytes(slot.key("fails", "login"))));
                    failureLogs.add(bytes(slot.key("fails", "login")));
                    failureLogs.add(bytes(redkitSpace.slot(destination).key("fails", "login")));
                }
            }
            backend.jedis().scriptLoad(ISSUE.source());
            backend.jedis().scriptLoad(VERIFY.source());
        }

        int advance() {
            next = (next + 1) % DESTINATIONS;
            return next;
        }
    }

    /** Issue: a service without cooldown and a send cap that never refuses. */
    @State(Scope.Thread)
    public static class IssueState extends Destinations {
        OtpService otp;
        final byte[] digest = new byte[32];
        long ids;

        /**
         * Builds the service and this thread's destinations.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            otp = OtpService.builder(backend.connector(), "issue", secret)
                    .resendCooldown(Duration.ZERO)
                    .maxSends(MAX_SENDS, Duration.ofMillis(WINDOW_MS))
                    .build();
            destinations(backend, "jedis-issue");
        }
    }

    /** Verify: codes issued before each iteration, with up to 100 attempts each. */
    @State(Scope.Thread)
    public static class VerifyState extends Destinations {
        OtpService otp;
        OtpService jedisSeeder;
        final byte[] wrongDigest = new byte[32];

        /**
         * Builds the services and this thread's destinations.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            otp = OtpService.builder(backend.connector(), "verify", secret)
                    .ttl(Duration.ofMillis(TTL_MS))
                    .resendCooldown(Duration.ZERO)
                    .maxAttempts(100)
                    .maxSends(MAX_SENDS, Duration.ofMillis(WINDOW_MS))
                    .build();
            jedisSeeder = OtpService.builder(backend.connector(), "jedis-verify", secret)
                    .ttl(Duration.ofMillis(TTL_MS))
                    .resendCooldown(Duration.ZERO)
                    .maxSends(MAX_SENDS, Duration.ofMillis(WINDOW_MS))
                    .build();
            destinations(backend, "jedis-verify");
            wrongDigest[0] = 1;
        }

        /**
         * Issues a fresh code to every destination, for both clients, and deletes their failure logs (one
         * {@code DEL}: the benchmark backend is one standalone server).
         *
         * @param backend the backend
         */
        @Setup(Level.Iteration)
        public void issueCodes(RedisBackend backend) {
            backend.jedis().del(failureLogs.toArray(new byte[0][]));
            for (String destination : destinations) {
                if (!otp.issue("login", destination).issued()
                        || !jedisSeeder.issue("login", destination).issued()) {
                    throw new IllegalStateException("could not seed codes");
                }
            }
        }
    }

    /** Issue + verify: a service that always issues, and this thread's destinations. */
    @State(Scope.Thread)
    public static class IssueVerifyState extends Destinations {
        OtpService otp;
        String compareAndDelSha;
        long ids;

        /**
         * Builds the service and this thread's destinations, and loads the floor's script.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            otp = OtpService.builder(backend.connector(), "pair", secret)
                    .resendCooldown(Duration.ZERO)
                    .maxSends(MAX_SENDS, Duration.ofMillis(WINDOW_MS))
                    .build();
            destinations(backend, "jedis-pair");
            compareAndDelSha = backend.jedis().scriptLoad(COMPARE_AND_DEL);
        }
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Redkit: {@code otp.issue("login", destination)}, always issued.
     *
     * @param s this thread's state
     * @return the outcome
     */
    @Benchmark
    public OtpIssue redkitIssue(IssueState s) {
        return s.otp.issue("login", s.destinations.get(s.advance()));
    }

    /**
     * The floor: raw Jedis {@code EVALSHA issue.lua} with a fixed digest.
     *
     * @param backend the backend
     * @param s this thread's state
     * @return the reply
     */
    @Benchmark
    public Object jedisIssue(RedisBackend backend, IssueState s) {
        List<byte[]> keys = s.jedisKeys.get(s.advance());
        List<byte[]> args = List.of(
                bytes(System.currentTimeMillis()),
                s.digest,
                bytes(Long.toString(++s.ids, 36)),
                bytes(TTL_MS),
                bytes(0),
                bytes(MAX_SENDS),
                bytes(WINDOW_MS));
        return backend.jedis().evalsha(ISSUE.sha1().getBytes(StandardCharsets.US_ASCII), keys, args);
    }

    /**
     * Redkit: {@code otp.verify("login", destination, wrongCode)}, the {@code INVALID} path.
     *
     * @param s this thread's state
     * @return the result
     */
    @Benchmark
    public OtpResult redkitVerify(VerifyState s) {
        return s.otp.verify("login", s.destinations.get(s.advance()), "000000");
    }

    /**
     * The floor: raw Jedis {@code EVALSHA verify.lua} with a fixed wrong digest.
     *
     * @param backend the backend
     * @param s this thread's state
     * @return the reply
     */
    @Benchmark
    public Object jedisVerify(RedisBackend backend, VerifyState s) {
        List<byte[]> keys = s.jedisKeys.get(s.advance());
        List<byte[]> args = List.of(
                bytes(System.currentTimeMillis()), s.wrongDigest, bytes(100), bytes(100), bytes(FAILURE_WINDOW_MS));
        return backend.jedis().evalsha(VERIFY.sha1().getBytes(StandardCharsets.US_ASCII), keys, args);
    }
    /**
     * Redkit: a code issued and verified with the right code ({@code VERIFIED}).
     *
     * @param s this thread's state
     * @return the result
     */
    @Benchmark
    public OtpResult redkitIssueVerify(IssueVerifyState s) {
        String destination = s.destinations.get(s.advance());
        OtpIssue issued = s.otp.issue("login", destination);
        if (!(issued instanceof OtpIssue.Issued i)) {
            throw new IllegalStateException("not issued: " + issued);
        }
        OtpResult result = s.otp.verify("login", destination, i.code());
        if (result.status() != OtpResult.Status.VERIFIED) {
            throw new IllegalStateException("not verified: " + result);
        }
        return result;
    }

    /**
     * The floor: {@code SET PX} of a code's hash, then one {@code EVALSHA} compare-and-delete with it.
     *
     * @param backend the backend
     * @param s this thread's state
     * @return the script's reply (1: verified)
     */
    @Benchmark
    public Object jedisIssueVerify(RedisBackend backend, IssueVerifyState s) {
        byte[] key = s.jedisKeys.get(s.advance()).get(0);
        byte[] digest = bytes(Long.toString(++s.ids, 36));
        backend.jedis().set(key, digest, new SetParams().px(TTL_MS));
        return backend.jedis()
                .evalsha(s.compareAndDelSha.getBytes(StandardCharsets.US_ASCII), List.of(key), List.of(digest));
    }
}
