package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTest
class CountersIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Analytics analytics(RedisConnector redis, MutableClock clock, ZoneId zone) {
        return Analytics.builder(redis, "shop").clock(clock).zone(zone).build();
    }

    @Test
    void countsIntoMinuteHourAndDayBucketsAcrossBoundaries(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-11-26T10:59:30Z");
        Counters counters = analytics(redis, clock, ZoneId.of("UTC")).counters();
        assertThat(counters.increment("clicks", "offer-42")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        counters.increment("clicks", "offer-42");
        assertThat(counters.increment("clicks", "offer-42", 5)).isEqualTo(7);
        counters.increment("clicks", "offer-7");

        Instant from = Instant.parse("2026-11-26T10:59:00Z");
        Instant to = clock.instant();
        assertThat(values(counters.series("clicks", "offer-42", Granularity.MINUTE, from, to)))
                .containsExactly(1L, 6L);
        assertThat(values(counters.series("clicks", "offer-42", Granularity.HOUR, from, to)))
                .containsExactly(1L, 6L);
        assertThat(values(counters.series("clicks", "offer-42", Granularity.DAY, from, to)))
                .containsExactly(7L);
        assertThat(counters.series("clicks", "offer-42", Granularity.MINUTE, from, to)
                        .points()
                        .get(1)
                        .start())
                .isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(counters.today("clicks", "offer-42")).isEqualTo(7);
        assertThat(counters.today("clicks", "offer-7")).isEqualTo(1);
        assertThat(counters.today("views", "offer-42")).isZero();

        CounterSeries last24 = counters.last24Hours("clicks", "offer-42");
        assertThat(last24.points()).hasSize(24);
        assertThat(last24.points().get(23).start()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(last24.total()).isEqualTo(7);
    }

    @Test
    void midnightStartsANewDayInTheConfiguredZone(RedisConnector redis) {
        MutableClock clock = new MutableClock(
                ZonedDateTime.of(2026, 11, 26, 23, 59, 30, 0, BERLIN).toInstant());
        Counters counters = analytics(redis, clock, BERLIN).counters();
        counters.increment("orders", "all");
        assertThat(counters.today("orders", "all")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(counters.today("orders", "all")).isZero();
        counters.increment("orders", "all", 2);
        assertThat(counters.today("orders", "all")).isEqualTo(2);
        CounterSeries days = counters.series(
                "orders",
                "all",
                Granularity.DAY,
                ZonedDateTime.of(2026, 11, 26, 12, 0, 0, 0, BERLIN).toInstant(),
                clock.instant());
        assertThat(values(days)).containsExactly(1L, 2L);
        assertThat(days.points().get(1).start())
                .isEqualTo(LocalDate.of(2026, 11, 27).atStartOfDay(BERLIN).toInstant());
    }

    @Test
    void autumnDstDayHas25HourBucketsAndOneDayBucket(RedisConnector redis) {
        dstDay(redis, LocalDate.of(2026, 10, 25), 25);
    }

    @Test
    void springDstDayHas23HourBuckets(RedisConnector redis) {
        dstDay(redis, LocalDate.of(2026, 3, 29), 23);
    }

    private static void dstDay(RedisConnector redis, LocalDate day, int hours) {
        Instant start = day.atStartOfDay(BERLIN).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(BERLIN).toInstant();
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(hours));
        MutableClock clock = new MutableClock(start);
        Counters counters = analytics(redis, clock, BERLIN).counters();
        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(30))) {
            clock.set(t);
            counters.increment("clicks", "all");
        }
        assertThat(counters.today("clicks", "all")).isEqualTo(2L * hours);
        CounterSeries byHour = counters.series("clicks", "all", Granularity.HOUR, start, end.minusMillis(1));
        assertThat(byHour.points())
                .hasSize(hours)
                .allSatisfy(p -> assertThat(p.value()).isEqualTo(2));
        assertThat(byHour.points()).extracting(CounterSeries.Point::start).doesNotHaveDuplicates();
        assertThat(values(counters.series("clicks", "all", Granularity.DAY, start, end.minusMillis(1))))
                .containsExactly(2L * hours);
        clock.set(end);
        assertThat(counters.today("clicks", "all")).isZero();
    }

    @Test
    void bucketKeysExpireAfterTheirRetentionOnTheConfiguredClock(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:15:30Z");
        Analytics analytics = Analytics.builder(redis, "shop")
                .clock(clock)
                .zone(BERLIN)
                .retention(Granularity.MINUTE, Duration.ofHours(2))
                .retention(Granularity.HOUR, Duration.ofDays(3))
                .retention(Granularity.DAY, Duration.ofDays(40))
                .build();
        analytics.counters().increment("clicks", "offer-42");
        List<String> keys = ctx.keys();
        assertThat(keys).hasSize(3);
        Instant now = clock.instant();
        assertPttl(
                ctx,
                key(keys, ":cm.clicks:202611261015"),
                Instant.parse("2026-11-26T10:16:00Z").plus(Duration.ofHours(2)),
                now);
        assertPttl(
                ctx,
                key(keys, ":ch.clicks:202611261000"),
                Instant.parse("2026-11-26T11:00:00Z").plus(Duration.ofDays(3)),
                now);
        assertPttl(
                ctx,
                key(keys, ":cd.clicks:20261126"),
                LocalDate.of(2026, 11, 27).atStartOfDay(BERLIN).toInstant().plus(Duration.ofDays(40)),
                now);
    }

    @Test
    void concurrentIncrementsAreNeverLost(RedisConnector redis) throws Exception {
        MutableClock clock = MutableClock.at("2026-11-26T10:15:30Z");
        Counters counters = analytics(redis, clock, ZoneId.of("UTC")).counters();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        counters.increment("clicks", "offer-42");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(counters.today("clicks", "offer-42")).isEqualTo(800);
        assertThat(values(counters.series("clicks", "offer-42", Granularity.MINUTE, clock.instant(), clock.instant())))
                .containsExactly(800L);
    }

    static String key(List<String> keys, String suffix) {
        return keys.stream()
                .filter(k -> k.endsWith(suffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key ending " + suffix + " in " + keys));
    }

    static void assertPttl(RedisTestContext ctx, String key, Instant expiresAt, Instant now) {
        long expected = expiresAt.toEpochMilli() - now.toEpochMilli();
        long pttl = (Long) ctx.raw(key, "PTTL", key);
        assertThat(pttl).as("PTTL of %s", key).isBetween(expected - 5_000, expected);
    }

    private static List<Long> values(CounterSeries series) {
        return series.points().stream().map(CounterSeries.Point::value).toList();
    }
}
