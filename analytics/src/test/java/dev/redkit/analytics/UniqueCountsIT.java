package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTest
class UniqueCountsIT {

    private static Analytics analytics(RedisConnector redis, MutableClock clock, UniqueMode mode, Duration cacheTtl) {
        return Analytics.builder(redis, "shop")
                .clock(clock)
                .zone(ZoneId.of("UTC"))
                .uniqueMode(mode)
                .unionCacheTtl(cacheTtl)
                .build();
    }

    private static List<String> users(int from, int to) {
        List<String> users = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            users.add("user-" + i);
        }
        return users;
    }

    @Test
    void hyperLogLogErrorIsUnderTwoPercentAt100kUsersAndUsesFarLessMemoryThanASet(RedisTestContext ctx) {
        // a bulk import of 200,000 members: allow for a loaded CI machine
        RedisConnector redis = ctx.newConnector(b -> b.socketTimeout(Duration.ofSeconds(15)));
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        UniqueCounts hll =
                analytics(redis, clock, UniqueMode.HYPERLOGLOG, Duration.ZERO).uniques();
        UniqueCounts exact = Analytics.builder(redis, "exact")
                .clock(clock)
                .uniqueMode(UniqueMode.EXACT)
                .build()
                .uniques();
        List<String> viewers = users(0, 100_000);
        hll.addAll("viewers", "offer-42", viewers);
        exact.addAll("viewers", "offer-42", viewers);
        hll.addAll("viewers", "offer-42", viewers.subList(0, 5_000));

        long estimate = hll.today("viewers", "offer-42");
        double error = Math.abs(estimate - 100_000) / 100_000.0;
        assertThat(error).isLessThan(0.02);
        assertThat(exact.today("viewers", "offer-42")).isEqualTo(100_000);

        List<String> keys = ctx.keys();
        String hllKey = CountersIT.key(keys, "shop:{offer-42}:u.viewers:20261126");
        String setKey = CountersIT.key(keys, "exact:{offer-42}:u.viewers:20261126");
        long hllBytes = (Long) ctx.raw(hllKey, "MEMORY", "USAGE", hllKey, "SAMPLES", "0");
        long setBytes = (Long) ctx.raw(setKey, "MEMORY", "USAGE", setKey, "SAMPLES", "0");
        System.out.printf(
                "100,000 unique viewers (%s): HyperLogLog %d bytes (estimate %d, error %.3f%%), set %d bytes%n",
                ctx.topology(), hllBytes, estimate, error * 100, setBytes);
        assertThat(hllBytes).isLessThan(16 * 1024);
        assertThat(setBytes).isGreaterThan(100 * hllBytes);
    }

    @Test
    void mergeOverSevenDaysEqualsTheUnion(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-11-20T12:00:00Z");
        UniqueCounts hll =
                analytics(redis, clock, UniqueMode.HYPERLOGLOG, Duration.ZERO).uniques();
        UniqueCounts exact = Analytics.builder(redis, "exact")
                .clock(clock)
                .uniqueMode(UniqueMode.EXACT)
                .unionCacheTtl(Duration.ZERO)
                .build()
                .uniques();
        for (int day = 0; day < 7; day++) {
            List<String> visitors = users(day * 1000, day * 1000 + 3000);
            hll.addAll("visitors", "merchant/acme", visitors);
            exact.addAll("visitors", "merchant/acme", visitors);
            assertThat(hll.today("visitors", "merchant/acme")).isCloseTo(3000L, within(60L));
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofDays(-1));
        assertThat(exact.lastDays("visitors", "merchant/acme", 7)).isEqualTo(9000);
        assertThat(exact.lastDays("visitors", "merchant/acme", 1)).isEqualTo(3000);
        assertThat(exact.lastDays("visitors", "merchant/acme", 2)).isEqualTo(4000);
        assertThat(hll.lastDays("visitors", "merchant/acme", 7)).isCloseTo(9000L, within(180L));
        assertThat(hll.lastDays("visitors", "merchant/acme", 30)).isCloseTo(9000L, within(180L));
        assertThat(hll.count("visitors", "merchant/acme", LocalDate.of(2026, 11, 20)))
                .isCloseTo(3000L, within(60L));
        assertThat(hll.count("visitors", "merchant/acme", LocalDate.of(2026, 11, 1)))
                .isZero();
    }

    @Test
    void multiDayCountsAreCachedBriefly(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        UniqueCounts uniques = analytics(redis, clock, UniqueMode.HYPERLOGLOG, Duration.ofSeconds(30))
                .uniques();
        uniques.addAll("buyers", "all", users(0, 10));
        assertThat(uniques.lastDays("buyers", "all", 7)).isEqualTo(10);
        assertThat(uniques.add("buyers", "all", "user-new")).isTrue();
        assertThat(uniques.add("buyers", "all", "user-new")).isFalse();
        assertThat(uniques.lastDays("buyers", "all", 7)).as("cached").isEqualTo(10);
        assertThat(uniques.today("buyers", "all")).isEqualTo(11);
        String cache = CountersIT.key(ctx.keys(), ":x.buyers:7-20261126");
        assertThat((Long) ctx.raw(cache, "PTTL", cache)).isBetween(1L, 30_000L);
        ctx.raw(cache, "DEL", cache);
        assertThat(uniques.lastDays("buyers", "all", 7)).isEqualTo(11);
    }

    @Test
    void dayKeysExpireAfterTheUniqueRetention(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T22:00:00Z");
        UniqueCounts uniques = Analytics.builder(redis, "shop")
                .clock(clock)
                .zone(ZoneId.of("Europe/Berlin"))
                .uniqueRetention(Duration.ofDays(31))
                .build()
                .uniques();
        uniques.add("viewers", "offer-1", "u1");
        String key = CountersIT.key(ctx.keys(), ":u.viewers:20261126");
        CountersIT.assertPttl(
                ctx, key, java.time.Instant.parse("2026-11-26T23:00:00Z").plus(Duration.ofDays(31)), clock.instant());
    }
}
