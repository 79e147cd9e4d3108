package dev.redkit.examples.components;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.DashboardQuery;
import dev.redkit.analytics.Event;

/** Real-time analytics: clicks, unique viewers, trending offers and active users in one dashboard read. */
public final class AnalyticsExample {

    private AnalyticsExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start()) {
            Analytics analytics = Analytics.builder(redis.connector(), "shop").build();
            String[] offers = {"offer-1", "offer-2", "offer-2", "offer-3", "offer-2", "offer-1"};
            for (int i = 0; i < offers.length; i++) {
                String user = "user-" + (i % 4);
                analytics.track(Event.builder()
                        .count("clicks", offers[i])
                        .count("clicks", "all")
                        .unique("viewers", offers[i], user)
                        .trend("offers", offers[i])
                        .active(user)
                        .build());
            }
            System.out.println("offer-2 clicks today: " + analytics.counters().today("clicks", "offer-2"));
            System.out.println("offer-2 unique viewers: " + analytics.uniques().today("viewers", "offer-2"));
            var dashboard = analytics.snapshot(DashboardQuery.builder()
                    .today("clicks", "clicks", "all")
                    .activeNow("activeNow")
                    .top("trending", "offers", 3)
                    .build());
            System.out.println("dashboard: " + dashboard.values());
            dashboard.top("trending").forEach(t -> System.out.printf("  %s %.2f%n", t.member(), t.score()));
        }
    }
}
