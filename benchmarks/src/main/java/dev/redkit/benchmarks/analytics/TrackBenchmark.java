package dev.redkit.benchmarks.analytics;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.Event;
import dev.redkit.benchmarks.RedisBackend;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * The click path: one {@code track} of a click (counter in minute, hour and day buckets, unique viewer
 * of the offer, decayed trending score of the offer), beside raw Jedis sending the same kind of work as
 * one pipeline of plain commands ({@code INCRBY}/{@code PEXPIRE} per bucket, {@code PFADD}/{@code PEXPIRE},
 * {@code ZINCRBY} of a precomputed decay weight, {@code ZREMRANGEBYRANK}, {@code PEXPIRE}). Offers are
 * drawn from 1,000 and users from 1,000,000, so keys stay few and HyperLogLogs fill up as in production.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrackBenchmark {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuuMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);
    private static final long HALF_LIFE_MILLIS = TimeUnit.HOURS.toMillis(6);

    /** The analytics instance and the raw key prefix, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Clients {
        Analytics analytics;
        String raw;

        /**
         * Creates the analytics instance on the backend's connector.
         *
         * @param backend the shared backend
         */
        @Setup(Level.Trial)
        public void setUp(RedisBackend backend) {
            analytics = Analytics.builder(backend.connector(), "bench").build();
            raw = backend.prefix() + ":raw:";
        }
    }

    /**
     * Redkit: {@code analytics.track(click)}, one {@code EVALSHA}.
     *
     * @param clients the clients
     */
    @Benchmark
    public void redkitTrackClick(Clients clients) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String offer = "offer-" + random.nextInt(1000);
        clients.analytics.track(Event.builder()
                .count("clicks", offer)
                .unique("viewers", offer, "user-" + random.nextInt(1_000_000))
                .trend("offers", offer)
                .build());
    }

    /**
     * The floor: raw Jedis, the same updates as one pipeline of plain commands.
     *
     * @param backend the backend
     * @param clients the clients
     * @return the {@code PFADD} reply
     */
    @Benchmark
    public Long jedisTrackClick(RedisBackend backend, Clients clients) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String offer = "offer-" + random.nextInt(1000);
        String user = "user-" + random.nextInt(1_000_000);
        long now = System.currentTimeMillis();
        Instant t = Instant.ofEpochMilli(now);
        String base = clients.raw + offer + ':';
        String minute = base + "cm:" + MINUTE.format(t);
        String hour = base + "ch:" + MINUTE.format(t.truncatedTo(ChronoUnit.HOURS));
        String day = base + "cd:" + DAY.format(t);
        String trend = clients.raw + "trend";
        double weight = Math.pow(2, (double) (now % (30L * HALF_LIFE_MILLIS)) / HALF_LIFE_MILLIS);
        try (AbstractPipeline p = backend.jedis().pipelined()) {
            p.incrBy(minute, 1);
            p.pexpire(minute, 3 * 3_600_000L);
            p.incrBy(hour, 1);
            p.pexpire(hour, 8 * 86_400_000L);
            p.incrBy(day, 1);
            p.pexpire(day, 90 * 86_400_000L);
            String viewers = base + "u:" + DAY.format(t);
            Response<Long> added = p.pfadd(viewers, user);
            p.pexpire(viewers, 35 * 86_400_000L);
            p.zincrby(trend, weight, offer);
            p.zremrangeByRank(trend, 0, -1001);
            p.pexpire(trend, 20 * HALF_LIFE_MILLIS);
            p.sync();
            return added.get();
        }
    }
}
