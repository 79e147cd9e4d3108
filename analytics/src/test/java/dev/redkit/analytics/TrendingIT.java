package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@RedisTest
class TrendingIT {

    private static final Duration HALF_LIFE = Duration.ofHours(6);

    private static Analytics analytics(RedisConnector redis, MutableClock clock, int maxMembers) {
        return Analytics.builder(redis, "shop")
                .clock(clock)
                .trendingHalfLife(HALF_LIFE)
                .trendingMaxMembers(maxMembers)
                .build();
    }

    @Test
    void manyOldEventsRankBelowFewFreshOnes(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
        Trending offers = analytics(redis, clock, 100).trending("offers");
        for (int i = 0; i < 100; i++) {
            offers.record("yesterdays-burst");
        }
        assertThat(offers.top(1)).extracting(TrendingEntry::member).containsExactly("yesterdays-burst");
        assertThat(offers.score("yesterdays-burst")).isCloseTo(100.0, within(1e-6));
        clock.advance(Duration.ofHours(48));
        offers.record("fresh", 2.0);
        offers.record("fresh");
        List<TrendingEntry> top = offers.top(10);
        assertThat(top).extracting(TrendingEntry::member).containsExactly("fresh", "yesterdays-burst");
        assertThat(top.get(0).score()).isCloseTo(3.0, within(1e-9));
        assertThat(top.get(1).score()).isCloseTo(100.0 / 256, within(1e-9));
        assertThat(offers.score("unknown")).isZero();
    }

    @Test
    void scoresMatchABruteForceDecayModel(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");
        Trending offers = analytics(redis, clock, 100).trending("offers");
        Random random = new Random(42);
        List<long[]> events = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            clock.advance(Duration.ofSeconds(random.nextInt(900)));
            int member = (int) Math.floor(Math.abs(random.nextGaussian()) * 6) % 25;
            double weight = 0.5 + random.nextDouble() * 3;
            offers.record("offer-" + member, weight);
            events.add(new long[] {member, clock.millis()});
            weights.add(weight);
        }
        long now = clock.millis();
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            double age = (now - events.get(i)[1]) / (double) HALF_LIFE.toMillis();
            expected.merge("offer-" + events.get(i)[0], weights.get(i) * Math.pow(2, -age), Double::sum);
        }
        List<TrendingEntry> top = offers.top(100);
        assertThat(top).hasSize(expected.size());
        for (TrendingEntry e : top) {
            assertThat(e.score())
                    .as(e.member())
                    .isCloseTo(expected.get(e.member()), within(expected.get(e.member()) * 1e-9));
        }
        List<String> expectedOrder = expected.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(top).extracting(TrendingEntry::member).containsExactlyElementsOf(expectedOrder);
    }

    @Test
    void keepsOnlyTheHighestMembersForgetsFadedOnesAndExpires(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-20T00:00:00Z");
        Trending offers = analytics(redis, clock, 10).trending("offers");
        offers.record("faded");
        clock.advance(HALF_LIFE.multipliedBy(21));
        offers.record("offer-1", 1);
        String key = CountersIT.key(ctx.keys(), ":trend");
        assertThat((Long) ctx.raw(key, "ZCARD", key))
                .as("faded member forgotten, not trimmed")
                .isEqualTo(1);
        for (int i = 2; i <= 50; i++) {
            offers.record("offer-" + i, i);
        }
        List<TrendingEntry> top = offers.top(100);
        assertThat(top).hasSize(10);
        assertThat(top)
                .extracting(TrendingEntry::member)
                .containsExactly(
                        "offer-50",
                        "offer-49",
                        "offer-48",
                        "offer-47",
                        "offer-46",
                        "offer-45",
                        "offer-44",
                        "offer-43",
                        "offer-42",
                        "offer-41");
        assertThat(offers.score("faded")).isZero();
        long pttl = (Long) ctx.raw(key, "PTTL", key);
        assertThat(pttl)
                .isBetween(
                        HALF_LIFE.multipliedBy(20).toMillis() - 5_000,
                        HALF_LIFE.multipliedBy(20).toMillis());
        assertThat((Long) ctx.raw(key, "ZCARD", key)).isEqualTo(10);
    }
}
