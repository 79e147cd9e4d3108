package dev.redkit.docs.javadoc;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.CounterSeries;
import dev.redkit.analytics.Counters;
import dev.redkit.analytics.DashboardQuery;
import dev.redkit.analytics.Event;
import dev.redkit.analytics.Granularity;
import dev.redkit.analytics.Trending;
import dev.redkit.analytics.TrendingEntry;
import dev.redkit.core.RedisConnector;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** The Javadoc examples of the Analytics module, compiled; see {@code JavadocExamples}. */
class AnalyticsSnippets {

    // analytics/src/main/java/dev/redkit/analytics/ActiveUsers.java
    void activeUsers(Analytics analytics, String userId) {
        // region activeUsers
        analytics.activeUsers().seen(userId);
        long dau = analytics.activeUsers().daily();
        long online = analytics.activeUsers().now();
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/Analytics.java
    void analytics(RedisConnector connector, String offerId, String userId) {
        // region analytics
        Analytics analytics = Analytics.builder(connector, "shop")
                .zone(ZoneId.of("Europe/Berlin"))
                .build();
        analytics.track(Event.builder()
                .count("clicks", offerId)
                .unique("viewers", offerId, userId)
                .trend("offers", offerId)
                .active(userId)
                .build());
        long clicksToday = analytics.counters().today("clicks", offerId);
        List<TrendingEntry> hot = analytics.trending("offers").top(10);
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/AnalyticsBuilder.java
    void analyticsBuilder(RedisConnector connector) {
        // region analyticsBuilder
        Analytics analytics = Analytics.builder(connector, "shop")
                .zone(ZoneId.of("Europe/Berlin"))
                .retention(Granularity.MINUTE, Duration.ofHours(2))
                .trendingHalfLife(Duration.ofHours(6))
                .build();
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/Counters.java
    void counters(Analytics analytics, String offerId) {
        // region counters
        Counters counters = analytics.counters();
        counters.increment("clicks", offerId);
        long today = counters.today("clicks", offerId);
        CounterSeries hours = counters.last24Hours("clicks", offerId);
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/DashboardQuery.java
    void dashboardQuery() {
        // region dashboardQuery
        DashboardQuery query = DashboardQuery.builder()
                .today("clicksToday", "clicks", "all")
                .activeNow("online")
                .top("trending", "offers", 10)
                .build();
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/Event.java
    void event(String offerId, String userId) {
        // region event
        Event click = Event.builder()
                .count("clicks", offerId)
                .unique("viewers", offerId, userId)
                .trend("offers", offerId)
                .active(userId)
                .build();
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/Trending.java
    void trending(Analytics analytics, String offerId) {
        // region trending
        Trending offers = analytics.trending("offers");
        offers.record(offerId);
        List<TrendingEntry> top = offers.top(10);
        // endregion
    }

    // analytics/src/main/java/dev/redkit/analytics/UniqueCounts.java
    void uniqueCounts(Analytics analytics, String offerId, String userId) {
        // region uniqueCounts
        analytics.uniques().add("viewers", offerId, userId);
        long weekly = analytics.uniques().lastDays("viewers", offerId, 7);
        // endregion
    }
}
