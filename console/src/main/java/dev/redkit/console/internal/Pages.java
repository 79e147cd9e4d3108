package dev.redkit.console.internal;

import dev.redkit.console.ConsoleResponse;
import dev.redkit.queue.QueueStats;
import dev.redkit.queue.ReliableQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Routes GET and POST requests to the pages and the JSON API. */
final class Pages {

    private final ConsoleSettings s;
    private final Sampler sampler;
    private final Overview overview;
    private final QueuePage queues;
    private final ComponentPages components;
    private final Map<String, double[]> lastCounts = new java.util.concurrent.ConcurrentHashMap<>();

    Pages(ConsoleSettings settings, Sampler sampler) {
        this.s = settings;
        this.sampler = sampler;
        this.overview = new Overview(settings.connector());
        this.queues = new QueuePage(settings);
        this.components = new ComponentPages(settings);
        sampler.source("redis", overview::sample);
        settings.queues().forEach((name, q) -> {
            sampler.source("queue:" + name, () -> depthSample(q));
            MeterRegistry registry = settings.meterRegistry();
            if (registry != null) {
                sampler.source("queue-rate:" + name, () -> rateSample(registry, q.name()));
            }
        });
    }

    ConsoleResponse get(ConsoleApp.Ctx ctx) {
        String p = ctx.path();
        if (p.equals("/")) {
            return Reply.html(200, Layout.page(ctx, s.readOnly(), "/", "Overview", overviewHtml(ctx)));
        }
        if (p.equals("/api/overview")) {
            return Reply.json(overviewJson());
        }
        if (p.startsWith("/api/series/")) {
            return Reply.json(series(p.substring("/api/series/".length())));
        }
        if (p.equals("/queues") || p.startsWith("/queues/") || p.startsWith("/api/queues")) {
            return queues.get(ctx);
        }
        return components.get(ctx);
    }

    ConsoleResponse post(ConsoleApp.Ctx ctx) {
        if (ctx.path().startsWith("/queues/")) {
            return queues.post(ctx);
        }
        return components.post(ctx);
    }

    /** One script call: the queue's counts by state. */
    private static Map<String, Double> depthSample(ReliableQueue<?> q) {
        QueueStats st = q.stats();
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("waiting", (double) st.waiting());
        v.put("in flight", (double) st.inFlight());
        v.put("delayed", (double) st.delayed());
        v.put("dead", (double) st.dead());
        return v;
    }

    /** No Redis call: this process's completed and failed counters, as rates per minute since the last sample. */
    private Map<String, Double> rateSample(MeterRegistry registry, String name) {
        double done = count(registry, "redkit.queue.completed", name);
        double failed =
                count(registry, "redkit.queue.retried", name) + count(registry, "redkit.queue.dead_lettered", name);
        long now = s.clock().millis();
        double[] last = lastCounts.put(name, new double[] {now, done, failed});
        Map<String, Double> v = new LinkedHashMap<>();
        if (last != null && now > last[0]) {
            double perMinute = 60_000.0 / (now - last[0]);
            v.put("processed/min", Math.max(0, done - last[1]) * perMinute);
            v.put("failed/min", Math.max(0, failed - last[2]) * perMinute);
        }
        return v;
    }

    private static double count(MeterRegistry registry, String meter, String name) {
        double sum = 0;
        for (Counter c : registry.find(meter).tag("name", name).counters()) {
            sum += c.count();
        }
        return sum;
    }

    /** The points of a series as {t: [...], series: {name: [...]}} for the chart script. */
    Map<String, Object> series(String name) {
        List<Sampler.Point> points = sampler.points(name);
        List<Long> t = new ArrayList<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Sampler.Point p : points) {
            p.values().keySet().forEach(k -> values.computeIfAbsent(k, x -> new ArrayList<>()));
        }
        for (Sampler.Point p : points) {
            t.add(p.at());
            values.forEach((k, list) -> list.add(p.values().get(k)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", t);
        out.put("series", values);
        return out;
    }

    private Map<String, Object> overviewJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topology", s.connector().config().topology().name());
        out.put("info", overview.info());
        List<Map<String, Object>> groups = new ArrayList<>();
        Overview.Groups g = overview.groups(s.clock().millis());
        for (Overview.Group group : g.groups()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", group.component());
            m.put("name", group.name());
            m.put("keys", group.keys());
            m.put("estimatedBytes", group.estimatedBytes());
            groups.add(m);
        }
        out.put("components", groups);
        out.put("componentsComplete", g.complete());
        return out;
    }

    private String overviewHtml(ConsoleApp.Ctx ctx) {
        Map<String, String> info = overview.info();
        String policy = Overview.field(info, "maxmemory_policy");
        Html h = new Html();
        if (!policy.isEmpty() && !policy.toLowerCase(Locale.ROOT).equals("noeviction")) {
            h.raw("<p class=\"warn\">maxmemory-policy is <code>")
                    .text(policy)
                    .raw("</code>: Redis may evict ")
                    .text(policy.startsWith("allkeys") ? "any Redkit key" : "Redkit keys with a TTL")
                    .raw(
                            " under memory pressure (locks, sessions, queue jobs). Use <code>noeviction</code> for Redkit data.</p>");
        }
        h.raw("<section class=\"cards\">");
        card(h, "Redis", info.get("redis_version") + " · " + info.get("redis_mode") + " · " + info.get("role"));
        card(
                h,
                "Topology",
                s.connector().config().topology().name().toLowerCase(Locale.ROOT) + " · "
                        + s.connector().config().describeEndpoints());
        card(
                h,
                "Memory used / peak / limit",
                mib(Overview.field(info, "used_memory")) + " / " + mib(Overview.field(info, "used_memory_peak")) + " / "
                        + ("0".equals(info.get("maxmemory")) ? "none" : mib(Overview.field(info, "maxmemory"))));
        card(h, "maxmemory-policy", policy);
        card(h, "ops/s", Overview.field(info, "instantaneous_ops_per_sec"));
        card(h, "Clients", Overview.field(info, "connected_clients"));
        card(h, "Evicted keys", Overview.field(info, "evicted_keys"));
        h.raw("</section>").raw(Layout.chart(ctx, "chart-redis", "/api/series/redis", "Redis ops/s and memory (MiB)"));
        Overview.Groups g = overview.groups(s.clock().millis());
        h.raw("<h2>Keys and memory by component</h2><table id=\"components\">")
                .headRow("Component", "Name", "Keys", "Memory (sampled)");
        for (Overview.Group group : g.groups()) {
            h.row(group.component(), group.name(), group.keys(), mib(Long.toString(group.estimatedBytes())));
        }
        h.raw("</table><p class=\"note\">")
                .text(
                        g.complete()
                                ? "Every key of the prefix was scanned."
                                : "The scan stopped at " + Overview.MAX_KEYS + " keys: counts are lower bounds.")
                .text(" Memory is MEMORY USAGE of up to " + Overview.SAMPLES
                        + " keys per row, times the key count; the table is cached for 10 s (as of "
                        + Instant.ofEpochMilli(g.at()) + ").")
                .raw("</p>");
        return h.toString();
    }

    private static void card(Html h, String title, String value) {
        h.raw("<div class=\"card\"><div class=\"k\">")
                .text(title)
                .raw("</div><div class=\"v\">")
                .text(value)
                .raw("</div></div>");
    }

    static String mib(String bytes) {
        double b = Overview.parse(bytes);
        return b < 1024 * 1024
                ? String.format(Locale.ROOT, "%.1f KiB", b / 1024)
                : String.format(Locale.ROOT, "%.1f MiB", b / 1024 / 1024);
    }
}
