package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.Topology;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTest
class TrackIT {

    private static Event click(String offer, String user) {
        return Event.builder()
                .count("clicks", offer)
                .count("clicks", "all")
                .unique("viewers", offer, user)
                .trend("offers", offer)
                .active(user)
                .build();
    }

    @Test
    void oneTrackCallIsOneRoundTripAndUpdatesEverything(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Analytics analytics = Analytics.builder(redis, "shop")
                .clock(clock)
                .unionCacheTtl(Duration.ZERO)
                .meterRegistry(registry)
                .build();
        analytics.track(click("offer-1", "warm-up"));

        try (CommandCounter counter = ctx.commandCounter()) {
            analytics.track(click("offer-42", "user-7"));
            // Standalone: the whole event is one EVALSHA. Cluster: one EVALSHA per hash slot group
            // ({offer-42}, {all}, {offers}, {shop}), sent together in one pipeline: one round trip per node.
            long expected = ctx.topology() == Topology.CLUSTER ? 4 : 1;
            assertThat(counter.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", expected);
        }

        analytics.track(click("offer-42", "user-8"));
        assertThat(analytics.counters().today("clicks", "offer-42")).isEqualTo(2);
        assertThat(analytics.counters().today("clicks", "all")).isEqualTo(3);
        assertThat(analytics.uniques().today("viewers", "offer-42")).isEqualTo(2);
        assertThat(analytics.trending("offers").top(1))
                .extracting(TrendingEntry::member)
                .containsExactly("offer-42");
        assertThat(analytics.activeUsers().daily()).isEqualTo(3);
        assertThat(analytics.activeUsers().now()).isEqualTo(3);
        assertThat(registry.get("redkit.analytics.track")
                        .tag("name", "shop")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("redkit.analytics.counter.read").timer().count())
                .isEqualTo(2);
    }

    @Test
    void trackRecoversWhenTheServersLostTheScript(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        Analytics analytics = Analytics.builder(redis, "shop").clock(clock).build();
        analytics.track(click("offer-1", "u1"));
        ctx.flushScripts();
        analytics.track(click("offer-1", "u2"));
        assertThat(analytics.counters().today("clicks", "offer-1")).isEqualTo(2);
        assertThat(analytics.uniques().today("viewers", "offer-1")).isEqualTo(2);
        assertThat(analytics.trending("offers").score("offer-1"))
                .isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void singleStructureWritesAreOneScriptCall(RedisConnector redis, RedisTestContext ctx) {
        Analytics analytics = Analytics.builder(redis, "shop").build();
        analytics.counters().increment("warm", "up");
        try (CommandCounter counter = ctx.commandCounter()) {
            analytics.counters().increment("clicks", "offer-42", 3);
            analytics.uniques().add("viewers", "offer-42", "u1");
            analytics.trending("offers").record("offer-42");
            analytics.activeUsers().seen("u1");
            assertThat(counter.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 4L);
        }
    }

    @Test
    void dashboardSnapshotReadsEverythingInOnePipeline(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        Analytics analytics = Analytics.builder(redis, "shop").clock(clock).build();
        for (int i = 0; i < 5; i++) {
            analytics.track(click("offer-" + (i % 2), "user-" + i));
        }
        analytics.counters().increment("orders", "all", 2);
        DashboardQuery query = DashboardQuery.builder()
                .today("clicksToday", "clicks", "all")
                .last24Hours("clicks24h", "clicks", "all")
                .today("ordersToday", "orders", "all")
                .uniqueToday("viewers0", "viewers", "offer-0")
                .uniqueLastDays("viewers0week", "viewers", "offer-0", 7)
                .dailyActive("dau")
                .weeklyActive("wau")
                .monthlyActive("mau")
                .activeNow("online")
                .top("trending", "offers", 5)
                .build();
        analytics.snapshot(query);
        Dashboard d;
        try (CommandCounter counter = ctx.commandCounter()) {
            d = analytics.snapshot(query);
            assertThat(counter.total()).as("one command per read, pipelined").isEqualTo(10);
        }
        assertThat(d.value("clicksToday")).isEqualTo(5);
        assertThat(d.value("clicks24h")).isEqualTo(5);
        assertThat(d.value("ordersToday")).isEqualTo(2);
        assertThat(d.value("viewers0")).isEqualTo(3);
        assertThat(d.value("viewers0week")).isEqualTo(3);
        assertThat(d.value("dau")).isEqualTo(5);
        assertThat(d.value("wau")).isEqualTo(5);
        assertThat(d.value("mau")).isEqualTo(5);
        assertThat(d.value("online")).isEqualTo(5);
        assertThat(d.top("trending")).extracting(TrendingEntry::member).containsExactly("offer-0", "offer-1");
        assertThat(d.takenAt()).isEqualTo(clock.instant());
    }
}
