package dev.redkit.analytics.internal;

import dev.redkit.analytics.ActiveUsers;
import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.AnalyticsConfig;
import dev.redkit.analytics.CounterSeries;
import dev.redkit.analytics.Counters;
import dev.redkit.analytics.Dashboard;
import dev.redkit.analytics.DashboardQuery;
import dev.redkit.analytics.Event;
import dev.redkit.analytics.Granularity;
import dev.redkit.analytics.Trending;
import dev.redkit.analytics.TrendingEntry;
import dev.redkit.analytics.UniqueCounts;
import dev.redkit.analytics.UniqueMode;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.Topology;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Analytics} implementation: writes through {@code track.lua}, reads as plain commands or
 * {@code union_count.lua}.
 *
 * <p>Over 500 lines because the four views ({@link Counters}, {@link UniqueCounts}, {@link Trending},
 * {@link ActiveUsers}) are inner classes sharing the instance's batch writer, bucket clock and reads, which the
 * dashboard snapshot combines into one round trip; split them out only with those shared parts.
 */
public final class RedisAnalytics implements Analytics {

    static final LuaScript UNION_COUNT = LuaScript.fromResource(RedisAnalytics.class, "union_count.lua");
    /** Trending members and keys are forgotten after this many half-lives without events. */
    static final int FORGET_HALF_LIVES = 20;

    static final int MAX_SERIES_BUCKETS = 10_000;
    static final int MAX_BULK_MEMBERS = 100_000;
    private static final int MEMBERS_PER_OP = 1000;
    private static final double LN2 = Math.log(2);
    private static final Granularity[] GRANULARITIES = Granularity.values();

    private final AnalyticsConfig config;
    private final RedisOps ops;
    private final Layout layout;
    private final Clock clock;
    private final RedkitMetrics metrics;
    private final boolean slotted;
    private final long halfLifeMillis;
    private final String setCode;
    private final DimensionCap cap;
    private final Counters counters = new CountersView();
    private final UniqueCounts uniques = new UniquesView();
    private final ActiveUsers active = new ActiveView();
    private volatile @Nullable CurrentBuckets current;

    /**
     * Creates the implementation.
     *
     * @param connector the Redis connection
     * @param config the configuration
     */
    public RedisAnalytics(RedisConnector connector, AnalyticsConfig config) {
        this.config = config;
        this.ops = connector.ops();
        this.layout = new Layout(connector.keySpace("analytics", config.name()), config.zone());
        this.clock = config.clock();
        this.metrics = RedkitMetrics.of(config.meterRegistry(), "analytics", config.name());
        this.slotted = connector.config().topology() == Topology.CLUSTER;
        this.halfLifeMillis = config.trendingHalfLife().toMillis();
        this.setCode = config.uniqueMode() == UniqueMode.HYPERLOGLOG ? "h" : "s";
        this.cap = new DimensionCap(config.maxDimensionsPerMetric(), layout, ops, metrics);
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public UniqueCounts uniques() {
        return uniques;
    }

    @Override
    public Trending trending(String name) {
        return new TrendingView(Names.name(name, "name"));
    }

    @Override
    public ActiveUsers activeUsers() {
        return active;
    }

    @Override
    public AnalyticsConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "Analytics{" + config.name() + '}';
    }

    // ---- writes ----

    @Override
    public void track(Event event) {
        Checks.notNull(event, "event");
        metrics.time("track", () -> {
            Batch batch = new Batch(slotted);
            long now = clock.millis();
            @Nullable
            Map<String, Map<String, String>> dims = cap.enabled() ? cap.resolve(dimensionsOf(event), now) : null;
            for (Event.Update u : event.updates()) {
                if (u instanceof Event.Count c) {
                    addCount(batch, c.metric(), counted(dims, c.metric(), c.dimension()), c.amount(), now);
                } else if (u instanceof Event.Unique q) {
                    addUnique(batch, q.metric(), counted(dims, q.metric(), q.dimension()), List.of(q.member()), now);
                } else if (u instanceof Event.Trend t) {
                    addTrend(batch, t.name(), t.member(), t.weight(), now);
                } else if (u instanceof Event.Active a) {
                    addActive(batch, a.userId(), now);
                }
            }
            batch.execute(ops);
            return batch.calls();
        });
    }

    /** The dimension an update is counted under: itself, or the overflow dimension when over the cap. */
    private static String counted(@Nullable Map<String, Map<String, String>> dims, String metric, String dimension) {
        return dims == null ? dimension : DimensionCap.admitted(dims, metric, dimension);
    }

    private static Map<String, Set<String>> dimensionsOf(Event event) {
        Map<String, Set<String>> pairs = new LinkedHashMap<>();
        for (Event.Update u : event.updates()) {
            if (u instanceof Event.Count c) {
                pairs.computeIfAbsent(c.metric(), m -> new LinkedHashSet<>()).add(c.dimension());
            } else if (u instanceof Event.Unique q) {
                pairs.computeIfAbsent(q.metric(), m -> new LinkedHashSet<>()).add(q.dimension());
            }
        }
        return pairs;
    }

    private Batch.Op addCount(Batch batch, String metric, String dimension, long amount, long now) {
        KeySpace.Slot slot = layout.entity(dimension);
        CurrentBuckets current = currentBuckets(now);
        int last = GRANULARITIES.length - 1;
        for (int i = 0; i < last; i++) {
            addCounter(batch, slot, metric, GRANULARITIES[i], current, amount, now);
        }
        return addCounter(batch, slot, metric, GRANULARITIES[last], current, amount, now);
    }

    private Batch.Op addCounter(
            Batch batch,
            KeySpace.Slot slot,
            String metric,
            Granularity g,
            CurrentBuckets current,
            long amount,
            long now) {
        int i = g.ordinal();
        long ttl = Math.max(1, current.expiresAt[i] - now);
        return batch.add(slot, layout.counter(slot, metric, g, current.starts[i]), "c", ttl, amount);
    }

    /**
     * The buckets containing {@code now}, reused while the clock stays inside all of them (a minute at
     * most), so that the click path does not redo zone arithmetic on every call.
     */
    private CurrentBuckets currentBuckets(long now) {
        CurrentBuckets c = current;
        if (c == null || now < c.validFrom || now >= c.validTo) {
            c = new CurrentBuckets(now);
            current = c;
        }
        return c;
    }

    /** Immutable; published through a volatile field. */
    private final class CurrentBuckets {
        final ZonedDateTime[] starts = new ZonedDateTime[GRANULARITIES.length];
        final long[] expiresAt = new long[GRANULARITIES.length];
        final long validFrom;
        final long validTo;

        CurrentBuckets(long now) {
            Instant t = Instant.ofEpochMilli(now);
            long from = Long.MIN_VALUE;
            long to = Long.MAX_VALUE;
            for (Granularity g : GRANULARITIES) {
                ZonedDateTime start = layout.start(g, t);
                long end = layout.next(g, start).toInstant().toEpochMilli();
                starts[g.ordinal()] = start;
                expiresAt[g.ordinal()] = end + config.retention(g).toMillis();
                from = Math.max(from, start.toInstant().toEpochMilli());
                to = Math.min(to, end);
            }
            validFrom = from;
            validTo = to;
        }
    }

    private Batch.Op addUnique(Batch batch, String metric, String dimension, List<String> members, long now) {
        KeySpace.Slot slot = layout.entity(dimension);
        ZonedDateTime day = layout.start(Granularity.DAY, Instant.ofEpochMilli(now));
        long ttl = Layout.ttl(layout.next(Granularity.DAY, day), config.uniqueRetention(), now);
        return addMembers(batch, slot, layout.unique(slot, metric, day.toLocalDate()), ttl, members);
    }

    private Batch.Op addMembers(Batch batch, KeySpace.Slot slot, String key, long ttl, List<String> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members must not be empty");
        }
        Batch.Op first = addChunk(batch, slot, key, ttl, members.subList(0, Math.min(members.size(), MEMBERS_PER_OP)));
        for (int from = MEMBERS_PER_OP; from < members.size(); from += MEMBERS_PER_OP) {
            addChunk(batch, slot, key, ttl, members.subList(from, Math.min(members.size(), from + MEMBERS_PER_OP)));
        }
        return first;
    }

    private Batch.Op addChunk(Batch batch, KeySpace.Slot slot, String key, long ttl, List<String> chunk) {
        Object[] args = new Object[3 + chunk.size()];
        args[0] = setCode;
        args[1] = ttl;
        args[2] = chunk.size();
        for (int i = 0; i < chunk.size(); i++) {
            args[3 + i] = chunk.get(i);
        }
        return batch.add(slot, key, args);
    }

    private void addTrend(Batch batch, String name, String member, double weight, long now) {
        KeySpace.Slot slot = layout.trendSlot(name);
        double nowHalfLives = (double) now / halfLifeMillis;
        double logScore = nowHalfLives + Math.log(weight) / LN2;
        batch.add(
                slot,
                layout.trend(slot),
                "z",
                FORGET_HALF_LIVES * halfLifeMillis,
                member,
                logScore,
                config.trendingMaxMembers(),
                nowHalfLives - FORGET_HALF_LIVES);
    }

    private void addActive(Batch batch, String userId, long now) {
        KeySpace.Slot slot = layout.activeSlot();
        Instant t = Instant.ofEpochMilli(now);
        ZonedDateTime day = layout.start(Granularity.DAY, t);
        ZonedDateTime minute = layout.start(Granularity.MINUTE, t);
        batch.add(
                slot,
                layout.activeDay(day.toLocalDate()),
                setCode,
                Layout.ttl(layout.next(Granularity.DAY, day), config.uniqueRetention(), now),
                1,
                userId);
        batch.add(
                slot,
                layout.activeMinute(minute),
                setCode,
                Layout.ttl(layout.next(Granularity.MINUTE, minute), config.activeWindow(), now),
                1,
                userId);
    }

    // ---- reads ----

    private <T> T run(String operation, Read<T> read) {
        return metrics.time(operation, () -> read.decode().apply(ops.execute(read.command())));
    }

    private Read<CounterSeries> seriesRead(String metric, String dimension, Granularity g, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from, was " + from + " .. " + to);
        }
        KeySpace.Slot slot = layout.entity(dimension);
        List<Instant> starts = new ArrayList<>();
        RedisCommand.Builder mget = RedisCommand.builder("MGET");
        for (ZonedDateTime s = layout.start(g, from); !s.toInstant().isAfter(to); s = layout.next(g, s)) {
            if (starts.size() == MAX_SERIES_BUCKETS) {
                throw new IllegalArgumentException(
                        "range must span at most " + MAX_SERIES_BUCKETS + " buckets of " + g);
            }
            starts.add(s.toInstant());
            mget.key(layout.counter(slot, metric, g, s));
        }
        return new Read<>(mget.build(), reply -> {
            List<Object> values = Replies.asList(reply);
            List<CounterSeries.Point> points = new ArrayList<>(starts.size());
            for (int i = 0; i < starts.size(); i++) {
                Object v = values.get(i);
                points.add(new CounterSeries.Point(starts.get(i), v == null ? 0 : Replies.asLong(v)));
            }
            return new CounterSeries(metric, dimension, g, points);
        });
    }

    private Read<CounterSeries> last24HoursRead(String metric, String dimension) {
        Instant now = clock.instant();
        ZonedDateTime from = layout.start(Granularity.HOUR, now);
        for (int i = 0; i < 23; i++) {
            from = layout.previous(Granularity.HOUR, from);
        }
        return seriesRead(metric, dimension, Granularity.HOUR, from.toInstant(), now);
    }

    private Read<Long> todayRead(String metric, String dimension) {
        KeySpace.Slot slot = layout.entity(dimension);
        ZonedDateTime day = layout.start(Granularity.DAY, clock.instant());
        return new Read<>(
                RedisCommand.of("GET", layout.counter(slot, metric, Granularity.DAY, day)),
                reply -> reply == null ? 0L : Replies.asLong(reply));
    }

    private Read<Long> uniqueDayRead(String metric, String dimension, LocalDate day) {
        KeySpace.Slot slot = layout.entity(dimension);
        return cardinality(layout.unique(slot, metric, day));
    }

    private Read<Long> cardinality(String key) {
        return new Read<>(RedisCommand.of(setCode.equals("h") ? "PFCOUNT" : "SCARD", key), Replies::asLong);
    }

    private Read<Long> uniqueDaysRead(String metric, String dimension, int days) {
        checkDays(days);
        KeySpace.Slot slot = layout.entity(dimension);
        LocalDate today = today();
        List<String> keys = new ArrayList<>(days + 1);
        keys.add(layout.uniqueCache(slot, metric, days, today));
        for (int i = 0; i < days; i++) {
            keys.add(layout.unique(slot, metric, today.minusDays(i)));
        }
        return union(keys, config.unionCacheTtl().toMillis());
    }

    private Read<Long> activeDaysRead(int days) {
        checkDays(days);
        LocalDate today = today();
        List<String> keys = new ArrayList<>(days + 1);
        keys.add(layout.activeCache(days, today));
        for (int i = 0; i < days; i++) {
            keys.add(layout.activeDay(today.minusDays(i)));
        }
        return union(keys, config.unionCacheTtl().toMillis());
    }

    private Read<Long> activeNowRead() {
        ZonedDateTime minute = layout.start(Granularity.MINUTE, clock.instant());
        long window = config.activeWindow().toMinutes();
        List<String> keys = new ArrayList<>();
        keys.add(layout.activeCache(0, minute.toLocalDate()));
        for (int i = 0; i < window; i++) {
            keys.add(layout.activeMinute(minute));
            minute = layout.previous(Granularity.MINUTE, minute);
        }
        return union(keys, 0);
    }

    private Read<Long> union(List<String> keys, long cacheMillis) {
        return new Read<>(UNION_COUNT.call(keys, List.of(setCode, cacheMillis)), Replies::asLong);
    }

    private void checkDays(int days) {
        long max = config.uniqueRetention().toDays();
        if (days < 1 || days > max) {
            throw new IllegalArgumentException(
                    "days must be between 1 and " + max + " (the unique retention), was " + days);
        }
    }

    private LocalDate today() {
        return clock.instant().atZone(layout.zone()).toLocalDate();
    }

    private Read<List<TrendingEntry>> topRead(String name, int n) {
        Checks.between(n, 1, AnalyticsConfig.MAX_TRENDING_MEMBERS, "n");
        KeySpace.Slot slot = layout.trendSlot(name);
        double nowHalfLives = (double) clock.millis() / halfLifeMillis;
        RedisCommand cmd = RedisCommand.builder("ZREVRANGE")
                .key(layout.trend(slot))
                .arg(0)
                .arg(n - 1)
                .arg("WITHSCORES")
                .build();
        return new Read<>(cmd, reply -> {
            List<Object> flat = Replies.asList(reply);
            List<TrendingEntry> out = new ArrayList<>(flat.size() / 2);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                out.add(new TrendingEntry(
                        Replies.asText(flat.get(i)), current(Replies.asDouble(flat.get(i + 1)), nowHalfLives)));
            }
            return List.copyOf(out);
        });
    }

    private static double current(double logScore, double nowHalfLives) {
        return Math.pow(2, logScore - nowHalfLives);
    }

    @Override
    public Dashboard snapshot(DashboardQuery query) {
        Checks.notNull(query, "query");
        return metrics.time("snapshot", () -> {
            Instant takenAt = clock.instant();
            List<DashboardQuery.Read> items = query.reads();
            List<Read<?>> reads = new ArrayList<>(items.size());
            for (DashboardQuery.Read r : items) {
                reads.add(toRead(r));
            }
            List<RedisCommand> commands = new ArrayList<>(reads.size());
            reads.forEach(r -> commands.add(r.command()));
            List<Object> replies = ops.pipeline(commands);
            Map<String, Long> values = new LinkedHashMap<>();
            Map<String, List<TrendingEntry>> tops = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Object value = reads.get(i).decode().apply(replies.get(i));
                if (items.get(i).kind() == DashboardQuery.Kind.TOP) {
                    @SuppressWarnings("unchecked")
                    List<TrendingEntry> entries = (List<TrendingEntry>) value;
                    tops.put(items.get(i).label(), entries);
                } else {
                    values.put(items.get(i).label(), (Long) value);
                }
            }
            return new Dashboard(takenAt, values, tops);
        });
    }

    private Read<?> toRead(DashboardQuery.Read r) {
        switch (r.kind()) {
            case COUNTER_TODAY:
                return todayRead(nameOf(r), dimensionOf(r));
            case COUNTER_LAST_24_HOURS: {
                Read<CounterSeries> s = last24HoursRead(nameOf(r), dimensionOf(r));
                return new Read<>(s.command(), reply -> s.decode().apply(reply).total());
            }
            case UNIQUE_TODAY:
                return uniqueDayRead(nameOf(r), dimensionOf(r), today());
            case UNIQUE_LAST_DAYS:
                return uniqueDaysRead(nameOf(r), dimensionOf(r), r.n());
            case DAILY_ACTIVE:
                return cardinality(layout.activeDay(today()));
            case WEEKLY_ACTIVE:
                return activeDaysRead(7);
            case MONTHLY_ACTIVE:
                return activeDaysRead(30);
            case ACTIVE_NOW:
                return activeNowRead();
            default:
                return topRead(nameOf(r), r.n());
        }
    }

    /** The metric or trending name of a read of a kind that has one (the query's builder sets it). */
    private static String nameOf(DashboardQuery.Read r) {
        String name = r.name();
        if (name == null) {
            throw new IllegalArgumentException("a " + r.kind() + " read needs a name");
        }
        return name;
    }

    /** The dimension of a read of a kind that has one (the query's builder sets it). */
    private static String dimensionOf(DashboardQuery.Read r) {
        String dimension = r.dimension();
        if (dimension == null) {
            throw new IllegalArgumentException("a " + r.kind() + " read needs a dimension");
        }
        return dimension;
    }

    // ---- views ----

    private final class CountersView implements Counters {
        @Override
        public long increment(String metric, String dimension) {
            return increment(metric, dimension, 1);
        }

        @Override
        public long increment(String metric, String dimension, long amount) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            Names.amount(amount);
            return metrics.time("increment", () -> {
                Batch batch = new Batch(slotted);
                long now = clock.millis();
                Batch.Op day = addCount(batch, metric, cap.resolve(metric, dimension, now), amount, now);
                batch.execute(ops);
                return Batch.result(day);
            });
        }

        @Override
        public CounterSeries series(
                String metric, String dimension, Granularity granularity, Instant from, Instant to) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            Checks.notNull(granularity, "granularity");
            Checks.notNull(from, "from");
            Checks.notNull(to, "to");
            return run("counter.read", seriesRead(metric, dimension, granularity, from, to));
        }

        @Override
        public CounterSeries last24Hours(String metric, String dimension) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            return run("counter.read", last24HoursRead(metric, dimension));
        }

        @Override
        public long today(String metric, String dimension) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            return run("counter.read", todayRead(metric, dimension));
        }
    }

    private final class UniquesView implements UniqueCounts {
        @Override
        public boolean add(String metric, String dimension, String member) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            Names.member(member, "member");
            return metrics.time("unique.add", () -> {
                Batch batch = new Batch(slotted);
                long now = clock.millis();
                Batch.Op op = addUnique(batch, metric, cap.resolve(metric, dimension, now), List.of(member), now);
                batch.execute(ops);
                return Batch.result(op) == 1;
            });
        }

        @Override
        public void addAll(String metric, String dimension, Collection<String> members) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            Checks.notNull(members, "members");
            if (members.isEmpty() || members.size() > MAX_BULK_MEMBERS) {
                throw new IllegalArgumentException(
                        "members must hold 1 to " + MAX_BULK_MEMBERS + " members, held " + members.size());
            }
            List<String> list = new ArrayList<>(members.size());
            for (String m : members) {
                list.add(Names.member(m, "member"));
            }
            metrics.time("unique.add", () -> {
                Batch batch = new Batch(slotted);
                long now = clock.millis();
                addUnique(batch, metric, cap.resolve(metric, dimension, now), list, now);
                batch.execute(ops);
                return batch.calls();
            });
        }

        @Override
        public long count(String metric, String dimension, LocalDate day) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            Checks.notNull(day, "day");
            return run("unique.read", uniqueDayRead(metric, dimension, day));
        }

        @Override
        public long today(String metric, String dimension) {
            return count(metric, dimension, RedisAnalytics.this.today());
        }

        @Override
        public long lastDays(String metric, String dimension, int days) {
            Names.name(metric, "metric");
            Names.dimension(dimension);
            return run("unique.read", uniqueDaysRead(metric, dimension, days));
        }
    }

    private final class TrendingView implements Trending {
        private final String name;

        TrendingView(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void record(String member) {
            record(member, 1.0);
        }

        @Override
        public void record(String member, double weight) {
            Names.member(member, "member");
            Names.weight(weight);
            metrics.time("trending.record", () -> {
                Batch batch = new Batch(slotted);
                addTrend(batch, name, member, weight, clock.millis());
                batch.execute(ops);
                return batch.calls();
            });
        }

        @Override
        public List<TrendingEntry> top(int n) {
            return run("trending.read", topRead(name, n));
        }

        @Override
        public double score(String member) {
            Names.member(member, "member");
            KeySpace.Slot slot = layout.trendSlot(name);
            double nowHalfLives = (double) clock.millis() / halfLifeMillis;
            return run(
                    "trending.read",
                    new Read<>(
                            RedisCommand.builder("ZSCORE")
                                    .key(layout.trend(slot))
                                    .arg(member)
                                    .build(),
                            reply -> reply == null ? 0.0 : current(Replies.asDouble(reply), nowHalfLives)));
        }

        @Override
        public String toString() {
            return "Trending{" + config.name() + '/' + name + '}';
        }
    }

    private final class ActiveView implements ActiveUsers {
        @Override
        public void seen(String userId) {
            Names.member(userId, "userId");
            metrics.time("active.seen", () -> {
                Batch batch = new Batch(slotted);
                addActive(batch, userId, clock.millis());
                batch.execute(ops);
                return batch.calls();
            });
        }

        @Override
        public long daily() {
            return daily(RedisAnalytics.this.today());
        }

        @Override
        public long daily(LocalDate day) {
            Checks.notNull(day, "day");
            return run("active.read", cardinality(layout.activeDay(day)));
        }

        @Override
        public long weekly() {
            return run("active.read", activeDaysRead(7));
        }

        @Override
        public long monthly() {
            return run("active.read", activeDaysRead(30));
        }

        @Override
        public long now() {
            return run("active.read", activeNowRead());
        }
    }
}
