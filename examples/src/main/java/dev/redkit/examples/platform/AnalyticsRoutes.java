package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.analytics.CounterSeries;
import dev.redkit.analytics.Dashboard;
import dev.redkit.analytics.DashboardQuery;
import dev.redkit.analytics.Event;
import dev.redkit.analytics.Granularity;
import dev.redkit.analytics.TrendingEntry;
import dev.redkit.core.SecretHasher;
import dev.redkit.leaderboard.Period;
import dev.redkit.queue.QueueStats;
import dev.redkit.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Real-time analytics ({@code Analytics}): offer clicks (counters, unique viewers, trending with decay,
 * active users; a logged-in user's click gets a {@code clickId}, which the merchant's order postback refers
 * to, see {@link PostbackRoutes}), trending offers, and the dashboard snapshot; merchant click rankings on a
 * {@code Leaderboard} with a daily board.
 */
final class AnalyticsRoutes {

    private static final DashboardQuery DASHBOARD = DashboardQuery.builder()
            .activeNow("activeNow")
            .dailyActive("activeToday")
            .today("clicksToday", "clicks", "all")
            .today("ordersToday", "orders", "all")
            .today("loginsToday", "logins", "all")
            .today("rateLimitRejectionsToday", "rejections", "all")
            .top("trendingOffers", "offers", 5)
            .top("trendingMerchants", "merchants", 5)
            .build();

    private final Platform p;
    private final Auth auth;
    private final CatalogRoutes catalog;

    AnalyticsRoutes(Platform p) {
        this.p = p;
        this.auth = new Auth(p);
        this.catalog = new CatalogRoutes(p);
    }

    void register(RoutesConfig routes) {
        routes.post("/offers/{id}/click", this::click);
        routes.get("/offers/trending", this::trending);
        routes.get("/admin/analytics/realtime", this::realtime);
        routes.get("/admin/analytics/history", this::history);
    }

    private void click(Context ctx) {
        Offer offer = catalog.load(ctx, Body.pathId(ctx, "id"));
        Optional<Session> session = auth.optional(ctx);
        String viewer = session.map(Session::userId).orElse("ip:" + Routes.clientIp(ctx));
        String offerId = Long.toString(offer.id());
        Event.Builder event = Event.builder()
                .count("clicks", "all")
                .count("clicks", offerId)
                .count("merchant_clicks", offer.merchantSlug())
                .unique("viewers", offerId, viewer)
                .trend("offers", offerId)
                .trend("merchants", offer.merchantSlug());
        session.ifPresent(s -> event.active(s.userId()));
        p.analytics.track(event.build());
        p.merchantClicks.increment(offer.merchantSlug(), 1);
        Map<String, Object> out = obj(
                "offerId",
                offer.id(),
                "clicksToday",
                p.analytics.counters().today("clicks", offerId),
                "uniqueViewersToday",
                p.analytics.uniques().today("viewers", offerId));
        if (session.isPresent()) {
            String clickId = SecretHasher.randomToken(16);
            p.repository.recordClick(clickId, Auth.userId(session.get()), offer.id());
            out.put("clickId", clickId);
        }
        ctx.json(out);
    }

    private void trending(Context ctx) {
        ctx.json(obj("offers", trendingOffers(10)));
    }

    private List<Map<String, Object>> trendingOffers(int n) {
        return withOffers(p.analytics.trending("offers").top(n));
    }

    private List<Map<String, Object>> withOffers(List<TrendingEntry> entries) {
        Set<String> ids =
                entries.stream().map(TrendingEntry::member).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, Offer> offers = p.offerCache.getAll(
                ids,
                missing -> missing.stream()
                        .map(id -> p.repository.findOffer(Long.parseLong(id)))
                        .filter(o -> o != null)
                        .collect(Collectors.toMap(o -> Long.toString(o.id()), Function.identity())));
        return entries.stream()
                .filter(e -> offers.containsKey(e.member()))
                .map(e -> obj("offer", offers.get(e.member()), "score", CacheStats.round(e.score())))
                .toList();
    }

    /** Clicks, orders and rate-limit rejections per minute over the last hour, for the dashboard's charts. */
    private void history(Context ctx) {
        Instant now = p.clock.instant();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (String metric : List.of("clicks", "orders", "rejections")) {
            CounterSeries s = p.analytics
                    .counters()
                    .series(metric, "all", Granularity.MINUTE, now.minus(Duration.ofMinutes(59)), now);
            out.put(metric, s.points().stream().map(CounterSeries.Point::value).toList());
        }
        ctx.json(out);
    }

    private void realtime(Context ctx) {
        Dashboard d = p.analytics.snapshot(DASHBOARD);
        QueueStats q = p.emailQueue.stats();
        ctx.json(obj(
                "takenAt",
                d.takenAt(),
                "values",
                d.values(),
                "trendingOffers",
                withOffers(d.top("trendingOffers")),
                "trendingMerchants",
                d.top("trendingMerchants").stream()
                        .map(e -> obj("merchant", e.member(), "score", CacheStats.round(e.score())))
                        .toList(),
                "topMerchantsToday",
                p.merchantClicks.period(Period.DAY).top(5).stream()
                        .map(e -> obj("rank", e.rank(), "merchant", e.member(), "clicks", (long) e.score()))
                        .toList(),
                "queues",
                obj("order-emails", q),
                "cache",
                p.cacheStats.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().toMap()))));
    }
}
