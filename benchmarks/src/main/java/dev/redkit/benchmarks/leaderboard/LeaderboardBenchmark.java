package dev.redkit.benchmarks.leaderboard;

import dev.redkit.benchmarks.RedisBackend;
import dev.redkit.leaderboard.Entry;
import dev.redkit.leaderboard.Leaderboard;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.redisson.api.RScoredSortedSet;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

/**
 * A leaderboard of {@code size} members ({@code user-<n>}, random integer scores; 1,000,000 in the full run,
 * {@code -p size=10000} for a quick one): Redkit's {@code increment}, {@code top(10)}, {@code entry} and
 * {@code around(member, 5)} ({@code increment} and {@code around} one {@code EVALSHA} each; {@code entry} one
 * {@code MULTI}/{@code EXEC} transaction of {@code ZSCORE}, {@code ZREVRANK} and {@code HGET}; {@code top(10)} a pipeline of {@code ZRANGE ... REV WITHSCORES} and {@code EXISTS} of the member-data hash),
 * beside raw Jedis doing the same
 * Redis work in one round trip ({@code ZINCRBY}; {@code ZRANGE ... REV WITHSCORES}; a pipeline of
 * {@code ZSCORE} and {@code ZREVRANK}; a preloaded script doing {@code ZREVRANK} and
 * {@code ZRANGE ... REV WITHSCORES}) and Redisson's {@code RScoredSortedSet} ({@code addScore},
 * {@code entryRangeReversed}). The Redkit board has the default {@code LEXICAL} ties, no period boards and no
 * member data, so its {@code top(10)} stays on the plain read (a board with member data reads it in the
 * script: {@code ZRANGE}, {@code EXISTS} and {@code HMGET} in one {@code EVALSHA}).
 * Every trial starts a fresh server and fills only the board its benchmark uses, with pipelined {@code ZADD}s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeaderboardBenchmark {

    private static final String AROUND = "local r = redis.call('ZREVRANK', KEYS[1], ARGV[1]) "
            + "if not r then return {} end "
            + "local from = r - tonumber(ARGV[2]) if from < 0 then from = 0 end "
            + "return redis.call('ZRANGE', KEYS[1], from, r + tonumber(ARGV[2]), 'REV', 'WITHSCORES')";

    /** The boards, filled once per trial. */
    @State(Scope.Benchmark)
    public static class Board {
        /** Members on the board. */
        @Param("1000000")
        public int size;

        Leaderboard leaderboard;
        String raw;

        @Nullable
        RScoredSortedSet<String> redisson;

        String aroundSha;

        /**
         * Fills the board the benchmark uses.
         *
         * @param backend the shared backend
         * @param params the benchmark being run
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend, BenchmarkParams params) {
            leaderboard = Leaderboard.builder(backend.connector(), "bench").build();
            raw = backend.prefix() + ":raw:board";
            String method = params.getBenchmark();
            String key = measuresRedkit(method)
                    ? backend.connector()
                            .keySpace("leaderboard", "bench")
                            .nameSlot()
                            .key("scores")
                    : raw;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int from = 0; from < size; from += 10_000) {
                try (AbstractPipeline p = backend.jedis().pipelined()) {
                    for (int batch = from; batch < Math.min(size, from + 10_000); batch += 1000) {
                        java.util.Map<String, Double> members = new java.util.HashMap<>();
                        for (int i = batch; i < Math.min(size, batch + 1000); i++) {
                            members.put("user-" + i, (double) random.nextInt(size));
                        }
                        p.zadd(key, members);
                    }
                    p.sync();
                }
            }
            long filled = backend.jedis().zcard(key);
            if (filled != size) {
                throw new IllegalStateException(
                        "the board of " + method + " holds " + filled + " members, not " + size + " (" + key + ")");
            }
            if (method.substring(method.lastIndexOf('.') + 1).startsWith("redisson")) {
                redisson = backend.redisson().getScoredSortedSet(raw, StringCodec.INSTANCE);
            }
            aroundSha = backend.jedis().scriptLoad(AROUND);
        }

        /**
         * Whether a benchmark measures Redkit, whose board lives under Redkit's key; the raw Jedis and Redisson
         * benchmarks read the raw key. Decided by the method name: the fully qualified name JMH gives contains
         * "redkit" for every benchmark (the package), which once filled Redkit's key for all of them and left the
         * raw board empty.
         *
         * @param benchmark the benchmark's fully qualified name, as {@link BenchmarkParams#getBenchmark()} gives it
         * @return true for the Redkit benchmarks
         */
        static boolean measuresRedkit(String benchmark) {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1).startsWith("redkit");
        }

        /** The Redisson view of the board, set up only for the Redisson benchmarks. */
        RScoredSortedSet<String> redisson() {
            if (redisson == null) {
                throw new IllegalStateException("the board has no Redisson view outside the Redisson benchmarks");
            }
            return redisson;
        }

        String member() {
            return "user-" + ThreadLocalRandom.current().nextInt(size);
        }
    }

    /**
     * Redkit: {@code increment(member, 1)}, one {@code EVALSHA}.
     *
     * @param board the board
     * @return the new score
     */
    @Benchmark
    public double redkitIncrement(Board board) {
        return board.leaderboard.increment(board.member(), 1);
    }

    /**
     * The floor: {@code ZINCRBY}.
     *
     * @param backend the backend
     * @param board the board
     * @return the new score
     */
    @Benchmark
    public double jedisIncrement(RedisBackend backend, Board board) {
        return backend.jedis().zincrby(board.raw, 1, board.member());
    }

    /**
     * Redisson: {@code RScoredSortedSet.addScore}.
     *
     * @param board the board
     * @return the new score
     */
    @Benchmark
    public Double redissonIncrement(Board board) {
        return board.redisson().addScore(board.member(), 1);
    }

    /**
     * Redkit: {@code top(10)} with ranks and member data, {@code ZRANGE} and {@code EXISTS} in one pipeline.
     *
     * @param board the board
     * @return the entries
     */
    @Benchmark
    public List<Entry> redkitTop10(Board board) {
        return board.leaderboard.top(10);
    }

    /**
     * The floor: {@code ZRANGE key 0 9 REV WITHSCORES}.
     *
     * @param backend the backend
     * @param board the board
     * @return the entries
     */
    @Benchmark
    public List<Tuple> jedisTop10(RedisBackend backend, Board board) {
        return backend.jedis()
                .zrangeWithScores(board.raw, ZRangeParams.zrangeParams(0, 9).rev());
    }

    /**
     * Redisson: {@code entryRangeReversed(0, 9)}.
     *
     * @param board the board
     * @return the entries
     */
    @Benchmark
    public Object redissonTop10(Board board) {
        java.util.Collection<ScoredEntry<String>> entries = board.redisson().entryRangeReversed(0, 9);
        return entries;
    }

    /**
     * Redkit: {@code entry(member)} (rank, score and data), one transaction ({@code MULTI}, {@code ZSCORE},
     * {@code ZREVRANK}, {@code HGET}, {@code EXEC}) under the board's {@code LEXICAL} ties.
     *
     * @param board the board
     * @return the entry
     */
    @Benchmark
    public Optional<Entry> redkitEntry(Board board) {
        return board.leaderboard.entry(board.member());
    }

    /**
     * The floor: {@code ZSCORE} and {@code ZREVRANK} in one pipeline.
     *
     * @param backend the backend
     * @param board the board
     * @return the rank
     */
    @Benchmark
    public @Nullable Long jedisEntry(RedisBackend backend, Board board) {
        String member = board.member();
        try (AbstractPipeline p = backend.jedis().pipelined()) {
            Response<Double> score = p.zscore(board.raw, member);
            Response<Long> rank = p.zrevrank(board.raw, member);
            p.sync();
            return score.get() == null ? null : rank.get();
        }
    }

    /**
     * Redkit: {@code around(member, 5)} (eleven entries with ranks and data), one {@code EVALSHA}.
     *
     * @param board the board
     * @return the entries
     */
    @Benchmark
    public List<Entry> redkitAround(Board board) {
        return board.leaderboard.around(board.member(), 5);
    }

    /**
     * The floor: one preloaded script doing {@code ZREVRANK} and {@code ZRANGE ... REV WITHSCORES}.
     *
     * @param backend the backend
     * @param board the board
     * @return the raw reply
     */
    @Benchmark
    public Object jedisAround(RedisBackend backend, Board board) {
        return backend.jedis().evalsha(board.aroundSha, List.of(board.raw), List.of(board.member(), "5"));
    }
}
