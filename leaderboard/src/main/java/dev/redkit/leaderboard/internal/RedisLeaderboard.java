package dev.redkit.leaderboard.internal;

import dev.redkit.core.Codec;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisScriptException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.leaderboard.Entry;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.LeaderboardView;
import dev.redkit.leaderboard.Order;
import dev.redkit.leaderboard.Page;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The Redis implementation of {@link Leaderboard}.
 *
 * <h2>Key layout</h2>
 * Every key of a leaderboard named {@code name} shares the hash tag <code>{name}</code>
 * ({@link KeySpace#nameSlot()}), so that every script may touch all of them on Cluster:
 * <pre>
 *   prefix:leaderboard:{name}:scores            zset member -> score (the all-time board)
 *   prefix:leaderboard:{name}:distinct          zset of distinct scores (DENSE only)
 *   prefix:leaderboard:{name}:ties              zset, all scores 0, '&lt;sortable score&gt;&lt;sequence&gt;&lt;member&gt;' (EARLIEST_FIRST)
 *   prefix:leaderboard:{name}:reached           hash member -> '&lt;sortable score&gt;&lt;sequence&gt;' (EARLIEST_FIRST)
 *   prefix:leaderboard:{name}:seq               counter behind EARLIEST_FIRST sequences
 *   prefix:leaderboard:{name}:data              hash member -> member data
 *   prefix:leaderboard:{name}:scores.d20261126  a period board (and distinct.*, ties.*, reached.*):
 *                                               d = day, w = ISO week (by its Monday), m = month (m202611)
 *   prefix:leaderboard:{name}:rollup.d7.d20261126           cached roll-up: the 7 days ending 2026-11-26
 *   prefix:leaderboard:{name}:rollup.d7.d20261126.distinct  its distinct scores (DENSE only)
 * </pre>
 */
public final class RedisLeaderboard implements Leaderboard {

    static final LuaScript WRITE = LuaScript.fromResource(RedisLeaderboard.class, "write.lua");
    static final LuaScript READ = LuaScript.fromResource(RedisLeaderboard.class, "read.lua");
    static final LuaScript REMOVE = LuaScript.fromResource(RedisLeaderboard.class, "remove.lua");

    private static final int MAX_PERIODS_RETAINED = 1002;

    private final RedisOps ops;
    private final LeaderboardSettings settings;
    private final KeySpace.Slot slot;
    private final RedkitMetrics metrics;
    private final String policy;
    private final String desc;
    private final String seqKey;
    private final String dataKey;
    private final View allTime;
    /**
     * Whether this instance has seen member data on the board (its own {@code setData}, or a plain read that
     * found the data hash): from then on list reads run the read script, which fetches scores and data in one
     * round trip; before, they are plain commands. Sticky: data is rarely removed from every member.
     */
    private volatile boolean dataSeen;

    /**
     * Creates the leaderboard; contacts no server.
     *
     * @param connector the connector
     * @param settings the validated settings
     * @param registry the meter registry or null
     */
    public RedisLeaderboard(RedisConnector connector, LeaderboardSettings settings, @Nullable MeterRegistry registry) {
        this.ops = connector.ops();
        this.settings = settings;
        this.slot = connector.keySpace("leaderboard", settings.name()).nameSlot();
        this.metrics = RedkitMetrics.of(registry, "leaderboard", settings.name());
        this.policy = policyArg(settings.ties());
        this.desc = settings.order() == Order.DESCENDING ? "1" : "0";
        this.seqKey = slot.key("seq");
        this.dataKey = slot.key("data");
        this.allTime = new View(board(""), List.of(), policy, 0);
    }

    private static String policyArg(TiePolicy ties) {
        return ties == TiePolicy.EARLIEST_FIRST ? "earliest" : ties.name().toLowerCase(Locale.ROOT);
    }

    private Board board(String suffix) {
        return new Board(
                slot.key("scores" + suffix),
                slot.key("distinct" + suffix),
                slot.key("ties" + suffix),
                slot.key("reached" + suffix));
    }

    private Board periodBoard(Period period, LocalDate start) {
        return board("." + Periods.id(period, start));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(settings.clock().instant(), settings.zone());
    }

    // ---- writes

    @Override
    public double increment(String member, double delta) {
        String m = member(member);
        Checks.finite(delta, "delta");
        return metrics.time(
                "increment", () -> Replies.asDouble(write("incr", m, delta).get(0)));
    }

    @Override
    public void setScore(String member, double score) {
        String m = member(member);
        Checks.finite(score, "score");
        metrics.time("set_score", () -> write("set", m, score));
    }

    @Override
    public boolean setScoreIfHigher(String member, double score) {
        String m = member(member);
        Checks.finite(score, "score");
        return metrics.time(
                "set_score_if_higher",
                () -> Replies.asLong(write("gt", m, score).get(1)) == 1,
                changed -> changed ? "changed" : "unchanged");
    }

    @Override
    public boolean setScoreIfLower(String member, double score) {
        String m = member(member);
        Checks.finite(score, "score");
        return metrics.time(
                "set_score_if_lower",
                () -> Replies.asLong(write("lt", m, score).get(1)) == 1,
                changed -> changed ? "changed" : "unchanged");
    }

    private List<Object> write(String op, String member, double value) {
        List<String> keys = new ArrayList<>();
        keys.add(seqKey);
        keys.addAll(allTime.board.keys());
        List<Object> args = new ArrayList<>(List.of(op, policy, desc, member, value, 0));
        LocalDate today = today();
        for (Map.Entry<Period, Duration> e : settings.periods().entrySet()) {
            LocalDate start = Periods.start(e.getKey(), today);
            keys.addAll(periodBoard(e.getKey(), start).keys());
            args.add(Periods.endMillis(e.getKey(), start, settings.zone())
                    + e.getValue().toMillis());
        }
        try {
            return Replies.asList(ops.execute(WRITE.call(keys, args)));
        } catch (RedisScriptException ex) {
            if (ex.getMessage() != null && ex.getMessage().contains("score overflow")) {
                throw new IllegalArgumentException(
                        "delta " + value + " would make the score of member '" + abbreviate(member) + "' infinite", ex);
            }
            throw ex;
        }
    }

    @Override
    public boolean remove(String member) {
        String m = member(member);
        List<String> keys = new ArrayList<>();
        keys.add(dataKey);
        keys.addAll(allTime.board.keys());
        long now = settings.clock().millis();
        LocalDate today = today();
        for (Map.Entry<Period, Duration> e : settings.periods().entrySet()) {
            LocalDate start = Periods.start(e.getKey(), today);
            for (int i = 0;
                    i < MAX_PERIODS_RETAINED
                            && Periods.endMillis(e.getKey(), start, settings.zone())
                                            + e.getValue().toMillis()
                                    > now;
                    i++) {
                keys.addAll(periodBoard(e.getKey(), start).keys());
                start = Periods.plus(e.getKey(), start, -1);
            }
        }
        return metrics.time(
                "remove",
                () -> Replies.asLong(ops.execute(REMOVE.call(keys, List.of(policy, m)))) == 1,
                found -> found ? "removed" : "absent");
    }

    @Override
    public void setData(String member, String data) {
        String m = member(member);
        Checks.notEmpty(data, "data", MAX_DATA_LENGTH);
        dataSeen = true;
        metrics.time(
                "set_data",
                () -> ops.execute(RedisCommand.builder("HSET")
                        .key(dataKey)
                        .arg(m)
                        .arg(data)
                        .build()));
    }

    @Override
    public <T> void setData(String member, T data, Codec<T> codec) {
        Checks.notNull(data, "data");
        Checks.notNull(codec, "codec");
        setData(member, new String(codec.encode(data), StandardCharsets.UTF_8));
    }

    // ---- views

    @Override
    public LeaderboardView period(Period period) {
        return period(period, today());
    }

    @Override
    public LeaderboardView period(Period period, LocalDate date) {
        requirePeriod(period);
        Checks.notNull(date, "date");
        return new View(periodBoard(period, Periods.start(period, date)), List.of(), policy, 0);
    }

    @Override
    public LeaderboardView rollup(Period period, int count) {
        requirePeriod(period);
        Checks.between(count, 1, 366, "count");
        LocalDate start = Periods.start(period, today());
        String id = "rollup." + Periods.id(period, start).charAt(0) + count + "." + Periods.id(period, start);
        Board cache =
                new Board(slot.key(id), slot.key(id + ".distinct"), slot.key(id + ".ties"), slot.key(id + ".reached"));
        List<String> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(periodBoard(period, Periods.plus(period, start, -i)).scores());
        }
        String rollupPolicy = settings.ties() == TiePolicy.EARLIEST_FIRST ? "competition" : policy;
        return new View(cache, sources, rollupPolicy, settings.rollupCacheTtl().toMillis());
    }

    private void requirePeriod(Period period) {
        Checks.notNull(period, "period");
        if (!settings.periods().containsKey(period)) {
            throw new IllegalStateException("leaderboard '" + settings.name() + "' has no " + period
                    + " boards; configure them with Leaderboard.builder(...).period(Period." + period + ", retention)");
        }
    }

    @Override
    public Optional<Entry> entry(String member) {
        return allTime.entry(member);
    }

    @Override
    public List<Entry> top(int count) {
        return allTime.top(count);
    }

    @Override
    public List<Entry> around(String member, int distance) {
        return allTime.around(member, distance);
    }

    @Override
    public Page<Entry> page(int number, int size) {
        return allTime.page(number, size);
    }

    @Override
    public List<Entry> rangeByScore(double min, double max, int limit) {
        return allTime.rangeByScore(min, max, limit);
    }

    @Override
    public long size() {
        return allTime.size();
    }

    @Override
    public OptionalDouble percentile(String member) {
        return allTime.percentile(member);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String toString() {
        return "Leaderboard{" + settings + '}';
    }

    // ---- helpers

    private String member(String member) {
        return Checks.wellFormed(Checks.notEmpty(member, "member", settings.maxMemberLength()), "member");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static int entries(int n, String name) {
        return (int) Checks.between(n, 1, MAX_ENTRIES, name);
    }

    /** The four keys of one board, in the order the scripts take them. */
    private record Board(String scores, String distinct, String ties, String reached) {
        List<String> keys() {
            return List.of(scores, distinct, ties, reached);
        }
    }

    /** The reads of one board, optionally a roll-up computed from source boards. */
    private final class View implements LeaderboardView {
        private final Board board;
        private final List<String> keys;
        private final String policy;
        private final long cacheTtlMillis;
        /**
         * Whether reads that need no consistent multi-key state may be plain commands: a stored board (not a
         * roll-up, whose first read computes it) whose order is the scores' own (not {@code EARLIEST_FIRST},
         * whose order lives in a second sorted set).
         */
        private final boolean plain;
        /**
         * Whether {@code entry} may be a transaction of plain commands: a {@link #plain} board under {@code LEXICAL}
         * ties, whose rank is the member's position. A {@code COMPETITION} or {@code DENSE} rank counts the scores
         * better than the member's, a command that needs the member's score as its argument, so it stays in the
         * script, as does every read of an {@code EARLIEST_FIRST} board or a roll-up.
         */
        private final boolean plainEntry;

        View(Board board, List<String> sources, String policy, long cacheTtlMillis) {
            this.board = board;
            List<String> k = new ArrayList<>(board.keys());
            k.add(dataKey);
            k.addAll(sources);
            this.keys = List.copyOf(k);
            this.policy = policy;
            this.cacheTtlMillis = cacheTtlMillis;
            this.plain = sources.isEmpty() && !"earliest".equals(policy);
            this.plainEntry = plain && "lexical".equals(policy);
        }

        private @Nullable Object read(Object... args) {
            List<Object> all = new ArrayList<>(3 + args.length);
            all.add(policy);
            all.add(desc);
            all.add(cacheTtlMillis);
            all.addAll(List.of(args));
            return ops.execute(READ.call(keys, all));
        }

        @Override
        public Optional<Entry> entry(String member) {
            String m = member(member);
            return metrics.time(
                    "entry",
                    () -> {
                        if (plainEntry) {
                            return transactionEntry(m);
                        }
                        List<Object> r = Replies.asList(read("entry", m));
                        return r.isEmpty()
                                ? Optional.<Entry>empty()
                                : Optional.of(new Entry(
                                        Replies.asLong(r.get(2)),
                                        Replies.asText(r.get(0)),
                                        Replies.asDouble(r.get(1)),
                                        Optional.ofNullable(Replies.asString(r.get(3)))));
                    },
                    e -> e.isPresent() ? "hit" : "miss");
        }

        /**
         * {@code entry(member)} under {@code LEXICAL} ties: {@code ZSCORE}, {@code ZREVRANK} (or {@code ZRANK}) and
         * {@code HGET} of the member data in one transaction, so that all three come from one instant, in one round
         * trip and without a script; the rank is the position, which needs no reply of another command.
         */
        private Optional<Entry> transactionEntry(String m) {
            List<Object> r = ops.transaction(List.of(
                    RedisCommand.builder("ZSCORE").key(board.scores()).arg(m).build(),
                    RedisCommand.builder(descending() ? "ZREVRANK" : "ZRANK")
                            .key(board.scores())
                            .arg(m)
                            .build(),
                    RedisCommand.builder("HGET").key(dataKey).arg(m).build()));
            if (r.get(0) == null || r.get(1) == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(
                    Replies.asLong(r.get(1)) + 1,
                    m,
                    Replies.asDouble(r.get(0)),
                    Optional.ofNullable(Replies.asString(r.get(2)))));
        }

        @Override
        public List<Entry> top(int count) {
            entries(count, "count");
            return metrics.time(
                    "top", () -> plain && !dataSeen ? plainTop(count) : toEntries(Replies.asList(read("top", count))));
        }

        /**
         * {@code top(count)} as plain commands: {@code ZRANGE ... WITHSCORES} and {@code EXISTS} of the data
         * hash in one pipeline; the first entry ranks 1 under every policy (nothing is better), so the ranks
         * follow from the scores returned. Only when the data hash exists is the data read, with an
         * {@code HMGET} in a second round trip, and later reads then take the script ({@link #dataSeen}).
         */
        private List<Entry> plainTop(int count) {
            RedisCommand.Builder range =
                    RedisCommand.builder("ZRANGE").key(board.scores()).arg(0).arg(count - 1);
            if (descending()) {
                range.arg("REV");
            }
            List<Object> r = ops.pipeline(List.of(range.arg("WITHSCORES").build(), RedisCommand.of("EXISTS", dataKey)));
            List<Object> flat = Replies.asList(r.get(0));
            if (flat.isEmpty()) {
                return List.of();
            }
            List<Object> values = null;
            if (Replies.asLong(r.get(1)) > 0) {
                dataSeen = true;
                RedisCommand.Builder hmget = RedisCommand.builder("HMGET").key(dataKey);
                for (int i = 0; i < flat.size(); i += 2) {
                    hmget.arg(Replies.asBlob(flat.get(i)));
                }
                values = Replies.asList(ops.execute(hmget.build()));
            }
            return ranked(flat, values, 0, 1);
        }

        @Override
        public List<Entry> around(String member, int distance) {
            String m = member(member);
            Checks.between(distance, 0, MAX_ENTRIES, "distance");
            return metrics.time(
                    "around",
                    () -> toEntries(Replies.asList(read("around", m, distance))),
                    l -> l.isEmpty() ? "miss" : "hit");
        }

        @Override
        public Page<Entry> page(int number, int size) {
            Checks.positive(number, "number");
            entries(size, "size");
            long start = (long) (number - 1) * size;
            return metrics.time("page", () -> {
                List<Object> r = Replies.asList(read("range", start, size));
                return new Page<>(number, size, Replies.asLong(r.get(0)), toEntries(r));
            });
        }

        @Override
        public List<Entry> rangeByScore(double min, double max, int limit) {
            if (Double.isNaN(min) || Double.isNaN(max)) {
                throw new IllegalArgumentException("min and max must not be NaN, were " + min + " and " + max);
            }
            if (min > max) {
                throw new IllegalArgumentException("min must not be greater than max, were " + min + " and " + max);
            }
            entries(limit, "limit");
            return metrics.time("range_by_score", () -> toEntries(Replies.asList(read("score", min, max, limit))));
        }

        @Override
        public long size() {
            return metrics.time("size", () -> Replies.asLong(read("size")));
        }

        @Override
        public OptionalDouble percentile(String member) {
            String m = member(member);
            return metrics.time(
                    "percentile",
                    () -> {
                        List<Object> r = Replies.asList(read("percentile", m));
                        return r.isEmpty()
                                ? OptionalDouble.empty()
                                : OptionalDouble.of(100.0 * Replies.asLong(r.get(0)) / Replies.asLong(r.get(1)));
                    },
                    p -> p.isPresent() ? "hit" : "miss");
        }

        /** The entries of a list reply of the read script: {size or -1, from, rank, flat, data} (see read.lua). */
        private List<Entry> toEntries(List<Object> reply) {
            if (reply.isEmpty()) {
                return List.of();
            }
            return ranked(
                    Replies.asList(reply.get(3)),
                    reply.size() > 4 ? Replies.asList(reply.get(4)) : null,
                    Replies.asLong(reply.get(1)),
                    Replies.asLong(reply.get(2)));
        }

        /**
         * The entries of a {@code ZRANGE ... WITHSCORES} reply (member, score, member, score, ...) read at 0-based
         * position {@code from}, with their member data in order (null: none), given the rank of the first entry.
         * Every later rank follows from the scores under the tie policy, so that the script builds no entries:
         * under {@code LEXICAL} and {@code EARLIEST_FIRST} (whose order is the reply's) the position + 1; under
         * {@code COMPETITION} an entry tied with the one before shares its rank, and any other ranks at its
         * position + 1 (the entries before it in the reply all rank better); under {@code DENSE} an entry tied with
         * the one before shares its rank, and any other ranks one below it.
         */
        private List<Entry> ranked(List<Object> flat, @Nullable List<Object> values, long from, long firstRank) {
            List<Entry> out = new ArrayList<>(flat.size() / 2);
            long rank = firstRank;
            double previous = Double.NaN;
            for (int i = 0, j = 0; i + 1 < flat.size(); i += 2, j++) {
                double score = Replies.asDouble(flat.get(i + 1));
                if (j > 0) {
                    if ("competition".equals(policy)) {
                        rank = score == previous ? rank : from + j + 1;
                    } else if ("dense".equals(policy)) {
                        rank = score == previous ? rank : rank + 1;
                    } else {
                        rank = from + j + 1;
                    }
                }
                previous = score;
                out.add(new Entry(
                        rank,
                        Replies.asText(flat.get(i)),
                        score,
                        Optional.ofNullable(values == null ? null : Replies.asString(values.get(j)))));
            }
            return out;
        }

        @Override
        public String toString() {
            return "LeaderboardView{" + board.scores() + '}';
        }
    }

    private boolean descending() {
        return "1".equals(desc);
    }
}
