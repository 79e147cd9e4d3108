package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.leaderboard.Entry;
import dev.redkit.leaderboard.LeaderboardView;
import dev.redkit.leaderboard.Period;
import dev.redkit.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rankings on {@code Leaderboard}: referrals (top 10, plus the caller's rank and two neighbours each side
 * when logged in) and merchants by clicks, today or all time.
 */
final class LeaderboardRoutes {

    private final Platform p;
    private final Auth auth;

    LeaderboardRoutes(Platform p) {
        this.p = p;
        this.auth = new Auth(p);
    }

    void register(RoutesConfig routes) {
        routes.get("/leaderboard/referrals", this::referrals);
        routes.get("/leaderboard/merchants", this::merchants);
    }

    private void referrals(Context ctx) {
        Map<String, Object> out = obj("top", entries(p.referrals.top(10)));
        Optional<Session> session = auth.optional(ctx);
        session.ifPresent(s -> {
            out.put(
                    "me",
                    p.referrals.entry(s.userId()).map(LeaderboardRoutes::entry).orElse(null));
            out.put("around", entries(p.referrals.around(s.userId(), 2)));
        });
        ctx.json(out);
    }

    private void merchants(Context ctx) {
        String period = Optional.ofNullable(ctx.queryParam("period")).orElse("today");
        LeaderboardView board = switch (period) {
            case "today" -> p.merchantClicks.period(Period.DAY);
            case "all" -> p.merchantClicks;
            default -> throw ApiException.badRequest("period must be 'today' or 'all'");
        };
        ctx.json(obj("period", period, "top", entries(board.top(10))));
    }

    private static List<Map<String, Object>> entries(List<Entry> entries) {
        return entries.stream().map(LeaderboardRoutes::entry).toList();
    }

    private static Map<String, Object> entry(Entry e) {
        return obj(
                "rank", e.rank(), "member", e.member(), "name", e.data().orElse(e.member()), "score", (long) e.score());
    }
}
