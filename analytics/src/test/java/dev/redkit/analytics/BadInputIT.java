package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTest
class BadInputIT {

    private static final String LONG_NAME = "m".repeat(61);
    private static final String LONG_TEXT = "x".repeat(513);

    @Test
    void rejectsBadMetricNamesAndDimensionsNamingTheParameter(RedisConnector redis, RedisTestContext ctx) {
        Analytics analytics = Analytics.builder(redis, "shop").build();
        Counters counters = analytics.counters();
        assertThatThrownBy(() -> counters.increment(null, "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> counters.increment("", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> counters.increment(LONG_NAME, "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> counters.increment("Clicks:x", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> counters.increment("clicks", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> counters.increment("clicks", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> counters.increment("clicks", LONG_TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> counters.today("clicks", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> counters.series(
                        "clicks", "d", Granularity.MINUTE, Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(30))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10000");
        assertThatThrownBy(() -> counters.series(
                        "clicks", "d", Granularity.MINUTE, Instant.EPOCH.plusSeconds(60), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before");
        assertThatThrownBy(() -> analytics.uniques().add("viewers", "d", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> analytics.uniques().add("viewers", "d", LONG_TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> analytics.uniques().addAll("viewers", "d", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members");
        assertThatThrownBy(() -> analytics.uniques().lastDays("viewers", "d", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days");
        assertThatThrownBy(() -> analytics.uniques().lastDays("viewers", "d", 36))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days");
        assertThatThrownBy(() -> analytics.trending("Bad Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> analytics.trending("offers").top(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n ");
        assertThatThrownBy(() -> analytics.activeUsers().seen(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void rejectsNegativeZeroAndNonFiniteAmounts(RedisConnector redis, RedisTestContext ctx) {
        Analytics analytics = Analytics.builder(redis, "shop").build();
        assertThatThrownBy(() -> analytics.counters().increment("clicks", "d", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> analytics.counters().increment("clicks", "d", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> Event.builder().count("clicks", "d", -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
        for (double w : new double[] {-1, 0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> analytics.trending("offers").record("o", w))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weight");
        }
        assertThatThrownBy(() -> Event.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> analytics.track(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event");
        assertThat(ctx.keys()).isEmpty();
    }

    @Test
    void untrustedDimensionsCannotEscapeTheirKey(RedisConnector redis, RedisTestContext ctx) {
        Analytics analytics = Analytics.builder(redis, "shop").build();
        analytics.counters().increment("clicks", "a}:{b c");
        analytics.counters().increment("clicks", "a");
        assertThat(analytics.counters().today("clicks", "a}:{b c")).isEqualTo(1);
        assertThat(analytics.counters().today("clicks", "a")).isEqualTo(1);
        assertThat(ctx.keys())
                .hasSize(6)
                .allSatisfy(k -> assertThat(k).doesNotContain(" ").doesNotContain("}:{b"));
    }

    @Test
    void configRejectsBadValuesAndSecondSets(RedisConnector redis) {
        assertThatThrownBy(() -> Analytics.builder(null, "shop")).hasMessageContaining("connector");
        assertThatThrownBy(() -> Analytics.builder(redis, "Shop!")).hasMessageContaining("name");
        AnalyticsBuilder b = Analytics.builder(redis, "shop");
        assertThatThrownBy(() -> b.retention(Granularity.HOUR, Duration.ofMinutes(30)))
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> b.uniqueRetention(Duration.ofDays(7))).hasMessageContaining("uniqueRetention");
        assertThatThrownBy(() -> b.trendingHalfLife(Duration.ZERO)).hasMessageContaining("trendingHalfLife");
        assertThatThrownBy(() -> b.trendingMaxMembers(0)).hasMessageContaining("trendingMaxMembers");
        assertThatThrownBy(() -> b.activeWindow(Duration.ofSeconds(90))).hasMessageContaining("activeWindow");
        assertThatThrownBy(() -> b.unionCacheTtl(Duration.ofSeconds(-1))).hasMessageContaining("unionCacheTtl");
        b.trendingHalfLife(Duration.ofHours(1));
        assertThatThrownBy(() -> b.trendingHalfLife(Duration.ofHours(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("trendingHalfLife was already set to PT1H");
        assertThat(b.build().config().toString())
                .contains("trendingHalfLife=PT1H")
                .contains("name=shop");
    }
}
