package dev.redkit.console.internal;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.CounterSeries;
import dev.redkit.analytics.Granularity;
import dev.redkit.analytics.TrendingEntry;
import dev.redkit.console.ConsoleResponse;
import dev.redkit.leaderboard.Entry;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.Page;
import dev.redkit.lock.HeldLease;
import dev.redkit.lock.LockInspector;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionInfo;
import dev.redkit.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The pages of locks, rate limits, sessions, leaderboards and analytics, and their mutations. */
final class ComponentPages {

    static final int MAX_LEASES = 200;
    static final int BOARD_PAGE = 25;

    private final ConsoleSettings s;

    ComponentPages(ConsoleSettings settings) {
        this.s = settings;
    }

    ConsoleResponse get(ConsoleApp.Ctx ctx) {
        switch (ctx.path()) {
            case "/locks":
                return page(ctx, "/locks", "Locks", locks(ctx));
            case "/api/locks":
                return Reply.json(locksJson());
            case "/limits":
                return page(ctx, "/limits", "Rate limits", limits(ctx));
            case "/sessions":
                return page(ctx, "/sessions", "Sessions", sessions(ctx));
            case "/leaderboards":
                return page(ctx, "/leaderboards", "Leaderboards", boards(ctx));
            case "/analytics":
                return page(ctx, "/analytics", "Analytics", analytics(ctx));
            case "/api/analytics/series":
                return Reply.json(counterSeries(ctx));
            default:
                return Reply.text(404, "not found");
        }
    }

    ConsoleResponse post(ConsoleApp.Ctx ctx) {
        switch (ctx.path()) {
            case "/limits/reset": {
                String name = ctx.param("limiter").orElse("");
                String key = required(ctx, "key");
                limiter(name).reset(key);
                ConsoleApp.AUDIT.info(
                        "console: reset rate limit '{}' key '{}' by {} from {}",
                        name,
                        key,
                        ctx.principal(),
                        ctx.request().remoteAddress());
                return Reply.redirect(ctx.base() + "/limits?limiter=" + enc(name) + "&key=" + enc(key));
            }
            case "/sessions/revoke": {
                String store = ctx.param("store").orElse("");
                String user = required(ctx, "user");
                Optional<String> session = ctx.param("session").filter(v -> !v.isEmpty());
                SessionStore st = store(store);
                String what = session.isPresent()
                        ? (st.revoke(user, session.get())
                                ? "revoked session " + session.get()
                                : "no session " + session.get())
                        : "revoked " + st.revokeAll(user) + " session(s)";
                ConsoleApp.AUDIT.info(
                        "console: session store '{}' user '{}' by {} from {}: {}",
                        store,
                        user,
                        ctx.principal(),
                        ctx.request().remoteAddress(),
                        what);
                return Reply.redirect(ctx.base() + "/sessions?store=" + enc(store) + "&user=" + enc(user));
            }
            default:
                return Reply.text(404, "not found");
        }
    }

    private ConsoleResponse page(ConsoleApp.Ctx ctx, String active, String title, String body) {
        return Reply.html(200, Layout.page(ctx, s.readOnly(), active, title, body));
    }

    private String locks(ConsoleApp.Ctx ctx) {
        Html h = new Html();
        if (s.locks().isEmpty()) {
            return "<p class=\"note\">No lock instance is registered with the console.</p>";
        }
        for (String name : s.locks().keySet()) {
            LockInspector.Held held = LockInspector.of(s.connector(), name).held(MAX_LEASES);
            h.raw("<h2>").text(name).raw("</h2><table class=\"locks\">").headRow("Lock", "Fencing token", "Time left");
            for (HeldLease l : held.leases()) {
                h.row(l.name(), l.fencingToken(), QueuePage.left(l.timeLeft().toMillis()));
            }
            h.raw("</table>");
            h.raw("<p class=\"note\">")
                    .text(held.leases().size() + " held"
                            + (held.complete() ? "." : "; the scan stopped at its cap, more may be held."))
                    .raw("</p>");
        }
        return h.toString();
    }

    private List<Map<String, Object>> locksJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : s.locks().keySet()) {
            for (HeldLease l :
                    LockInspector.of(s.connector(), name).held(MAX_LEASES).leases()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("instance", name);
                m.put("name", l.name());
                m.put("fencingToken", l.fencingToken());
                m.put("timeLeftMs", l.timeLeft().toMillis());
                out.add(m);
            }
        }
        return out;
    }

    private String limits(ConsoleApp.Ctx ctx) {
        Html h = new Html();
        h.raw("<form method=\"get\" action=\"")
                .text(ctx.base() + "/limits")
                .raw("\"><label>Limiter ")
                .raw(select(
                        "limiter", s.limiters().keySet(), ctx.param("limiter").orElse("")))
                .raw("</label> <label>Key <input name=\"key\" value=\"")
                .text(ctx.param("key").orElse(""))
                .raw("\" required></label> <button type=\"submit\">Look up</button></form>");
        Optional<String> key = ctx.param("key").filter(v -> !v.isEmpty());
        if (key.isEmpty()) {
            return h.toString();
        }
        String name = ctx.param("limiter").orElse("");
        RateLimiter limiter = limiter(name);
        RateLimitDecision d = limiter.peek(key.get());
        h.raw("<table id=\"limit-state\">")
                .headRow("Limiter", "Key", "Limits", "Allowed now", "Remaining", "Resets after");
        h.row(
                name,
                key.get(),
                limiter.limits(),
                d.allowed(),
                d.remaining() + " of " + d.limit(),
                QueuePage.left(d.resetAfter().toMillis()));
        h.raw("</table>");
        if (!s.readOnly()) {
            h.raw(Layout.button(
                    ctx, "/limits/reset", "Reset this key", "danger reset", "limiter", name, "key", key.get()));
        }
        return h.toString();
    }

    private String sessions(ConsoleApp.Ctx ctx) {
        Html h = new Html();
        h.raw("<form method=\"get\" action=\"")
                .text(ctx.base() + "/sessions")
                .raw("\"><label>Store ")
                .raw(select("store", s.sessions().keySet(), ctx.param("store").orElse("")))
                .raw("</label> <label>User id <input name=\"user\" value=\"")
                .text(ctx.param("user").orElse(""))
                .raw("\" required></label> <button type=\"submit\">Show devices</button></form>");
        Optional<String> user = ctx.param("user").filter(v -> !v.isEmpty());
        if (user.isEmpty()) {
            return h.toString();
        }
        String store = ctx.param("store").orElse("");
        List<SessionInfo> list = store(store).list(user.get());
        h.raw("<table id=\"devices\">").headRow("Session", "Created", "Last seen", "Expires", "Device", "");
        for (SessionInfo i : list) {
            h.raw("<tr>")
                    .el("td", i.id())
                    .el("td", i.createdAt())
                    .el("td", i.lastSeenAt())
                    .el("td", i.expiresAt())
                    .el("td", i.clientInfo())
                    .raw("<td>");
            if (!s.readOnly()) {
                h.raw(Layout.button(
                        ctx,
                        "/sessions/revoke",
                        "Log out",
                        "danger revoke",
                        "store",
                        store,
                        "user",
                        user.get(),
                        "session",
                        i.id()));
            }
            h.raw("</td></tr>");
        }
        h.raw("</table>");
        if (!list.isEmpty() && !s.readOnly()) {
            h.raw(Layout.button(
                    ctx,
                    "/sessions/revoke",
                    "Log out everywhere",
                    "danger revoke-all",
                    "store",
                    store,
                    "user",
                    user.get()));
        }
        return h.toString();
    }

    private String boards(ConsoleApp.Ctx ctx) {
        Html h = new Html();
        if (s.leaderboards().isEmpty()) {
            return "<p class=\"note\">No leaderboard is registered with the console.</p>";
        }
        String name =
                ctx.param("board").orElse(s.leaderboards().keySet().iterator().next());
        Leaderboard board = s.leaderboards().get(name);
        if (board == null) {
            throw new IllegalArgumentException("board: no leaderboard named '" + name + "' is registered");
        }
        int number = parseInt(ctx.param("page").orElse("1"), "page");
        h.raw("<form method=\"get\" action=\"")
                .text(ctx.base() + "/leaderboards")
                .raw("\"><label>Board ")
                .raw(select("board", s.leaderboards().keySet(), name))
                .raw("</label> <label>Member <input name=\"member\" value=\"")
                .text(ctx.param("member").orElse(""))
                .raw("\"></label> <button type=\"submit\">Show</button></form>");
        List<Entry> entries;
        Optional<String> member = ctx.param("member").filter(v -> !v.isEmpty());
        Page<Entry> page = null;
        if (member.isPresent()) {
            entries = board.around(member.get(), 5);
            if (entries.isEmpty()) {
                h.raw("<p class=\"warn\">").text(member.get()).raw(" is not on this board.</p>");
            }
        } else {
            page = board.page(Math.max(1, number), BOARD_PAGE);
            entries = page.items();
        }
        h.raw("<table id=\"board\">").headRow("Rank", "Member", "Score", "Data");
        for (Entry e : entries) {
            h.raw(member.isPresent() && e.member().equals(member.get()) ? "<tr class=\"hit\">" : "<tr>")
                    .el("td", e.rank())
                    .raw("<td class=\"member\">")
                    .text(e.member())
                    .raw("</td>")
                    .el("td", e.score())
                    .el("td", e.data().orElse(""))
                    .raw("</tr>");
        }
        h.raw("</table>");
        if (page != null) {
            h.raw("<p class=\"note\">")
                    .text("Page " + page.number() + " of " + Math.max(1, page.totalPages()) + " · " + page.totalItems()
                            + " members")
                    .raw("</p>");
            if (page.hasNext()) {
                h.raw("<a href=\"")
                        .text(ctx.base() + "/leaderboards?board=" + enc(name) + "&page=" + (page.number() + 1))
                        .raw("\">next</a>");
            }
        }
        return h.toString();
    }

    private String analytics(ConsoleApp.Ctx ctx) {
        Html h = new Html();
        if (s.analytics().isEmpty()) {
            return "<p class=\"note\">No analytics instance is registered with the console.</p>";
        }
        String inst =
                ctx.param("instance").orElse(s.analytics().keySet().iterator().next());
        Analytics a = analytics(inst);
        h.raw("<form method=\"get\" action=\"")
                .text(ctx.base() + "/analytics")
                .raw("\"><label>Instance ")
                .raw(select("instance", s.analytics().keySet(), inst))
                .raw("</label> <label>Metric <input name=\"metric\" value=\"")
                .text(ctx.param("metric").orElse(""))
                .raw("\"></label> <label>Dimension <input name=\"dimension\" value=\"")
                .text(ctx.param("dimension").orElse(""))
                .raw("\"></label> <label>Trending <input name=\"trending\" value=\"")
                .text(ctx.param("trending").orElse(""))
                .raw("\"></label> <button type=\"submit\">Show</button></form>");
        List<String[]> charts = new ArrayList<>(s.series());
        Optional<String> metric = ctx.param("metric").filter(v -> !v.isEmpty());
        metric.ifPresent(m -> charts.add(0, new String[] {
            m, ctx.param("dimension").filter(v -> !v.isEmpty()).orElse("all")
        }));
        int i = 0;
        for (String[] c : charts) {
            h.raw(Layout.chart(
                    ctx,
                    "chart-analytics-" + i++,
                    "/api/analytics/series?instance=" + enc(inst) + "&metric=" + enc(c[0]) + "&dimension=" + enc(c[1]),
                    c[0] + " · " + c[1] + " (last hour, per minute) · today: "
                            + a.counters().today(c[0], c[1]) + " · unique today: "
                            + a.uniques().today(c[0], c[1])));
        }
        Optional<String> trending = ctx.param("trending").filter(v -> !v.isEmpty());
        if (trending.isPresent()) {
            h.raw("<h2>Trending: ")
                    .text(trending.get())
                    .raw("</h2><table id=\"trending\">")
                    .headRow("Member", "Score");
            for (TrendingEntry e : a.trending(trending.get()).top(20)) {
                h.row(e.member(), String.format(Locale.ROOT, "%.2f", e.score()));
            }
            h.raw("</table>");
        }
        return h.toString();
    }

    private Map<String, Object> counterSeries(ConsoleApp.Ctx ctx) {
        Analytics a = analytics(ctx.param("instance").orElse(""));
        String metric = required(ctx, "metric");
        String dimension = ctx.param("dimension").orElse("all");
        Instant now = s.clock().instant();
        CounterSeries cs =
                a.counters().series(metric, dimension, Granularity.MINUTE, now.minus(Duration.ofMinutes(59)), now);
        List<Long> t = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (CounterSeries.Point p : cs.points()) {
            t.add(p.start().toEpochMilli());
            v.add((double) p.value());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", t);
        out.put("series", Map.of(metric + " per minute", v));
        return out;
    }

    private RateLimiter limiter(String name) {
        RateLimiter l = s.limiters().get(name);
        if (l == null) {
            throw new IllegalArgumentException("limiter: no rate limiter named '" + name + "' is registered");
        }
        return l;
    }

    private SessionStore store(String name) {
        SessionStore st = s.sessions().get(name);
        if (st == null) {
            throw new IllegalArgumentException("store: no session store named '" + name + "' is registered");
        }
        return st;
    }

    private Analytics analytics(String name) {
        Analytics a = s.analytics().get(name);
        if (a == null) {
            throw new IllegalArgumentException("instance: no analytics instance named '" + name + "' is registered");
        }
        return a;
    }

    private static String required(ConsoleApp.Ctx ctx, String name) {
        return ctx.param(name)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(name + " must be given"));
    }

    private static int parseInt(String v, String name) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static String select(String name, Iterable<String> options, String selected) {
        Html h = new Html();
        h.raw("<select name=\"").text(name).raw("\">");
        for (String o : options) {
            h.raw("<option")
                    .raw(o.equals(selected) ? " selected" : "")
                    .raw(">")
                    .text(o)
                    .raw("</option>");
        }
        return h.raw("</select>").toString();
    }

    static String enc(String v) {
        return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
    }
}
