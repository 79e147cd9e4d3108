package dev.redkit.console.internal;

import dev.redkit.console.ConsoleResponse;
import dev.redkit.queue.JobState;
import dev.redkit.queue.JobView;
import dev.redkit.queue.QueueInspector;
import dev.redkit.queue.QueueStats;
import dev.redkit.queue.ReliableQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The queue pages: the list, one queue's jobs by state with its charts, job lookup, dead-letter replay and purge. */
final class QueuePage {

    static final int PAGE = 25;

    private final ConsoleSettings s;
    private final Map<String, QueueInspector> inspectors = new LinkedHashMap<>();

    QueuePage(ConsoleSettings settings) {
        this.s = settings;
        settings.queues().keySet().forEach(n -> inspectors.put(n, QueueInspector.of(settings.connector(), n)));
    }

    ConsoleResponse get(ConsoleApp.Ctx ctx) {
        String p = ctx.path();
        if (p.equals("/api/queues")) {
            List<Map<String, Object>> out = new ArrayList<>();
            s.queues().forEach((name, q) -> out.add(statsJson(name, q.stats())));
            return Reply.json(out);
        }
        if (p.startsWith("/api/queues/") && p.endsWith("/jobs")) {
            String name = p.substring("/api/queues/".length(), p.length() - "/jobs".length());
            QueueInspector in = inspector(name);
            List<Map<String, Object>> out = new ArrayList<>();
            for (JobView j : in.jobs(state(ctx), offset(ctx), PAGE)) {
                out.add(jobJson(j));
            }
            return Reply.json(out);
        }
        if (p.equals("/queues")) {
            Html h = new Html();
            h.raw("<table id=\"queues\">").headRow("Queue", "Waiting", "In flight", "Delayed", "Dead");
            s.queues().forEach((name, q) -> {
                QueueStats st = q.stats();
                h.raw("<tr><td><a href=\"")
                        .text(ctx.base() + "/queues/" + name)
                        .raw("\">")
                        .text(name)
                        .raw("</a></td>")
                        .el("td", st.waiting())
                        .el("td", st.inFlight())
                        .el("td", st.delayed())
                        .el("td", st.dead())
                        .raw("</tr>");
            });
            h.raw("</table>");
            return Reply.html(200, Layout.page(ctx, s.readOnly(), "/queues", "Queues", h.toString()));
        }
        String name = p.substring("/queues/".length());
        return Reply.html(200, Layout.page(ctx, s.readOnly(), "/queues", "Queue " + name, detail(ctx, name)));
    }

    private String detail(ConsoleApp.Ctx ctx, String name) {
        ReliableQueue<?> q = queue(name);
        QueueInspector in = inspector(name);
        QueueStats st = q.stats();
        JobState state = state(ctx);
        int offset = offset(ctx);
        Html h = new Html();
        h.raw(Layout.chart(ctx, "chart-depth", "/api/series/queue:" + name, "Jobs by state"));
        if (s.meterRegistry() != null) {
            h.raw(Layout.chart(
                    ctx,
                    "chart-rate",
                    "/api/series/queue-rate:" + name,
                    "Processed and failed per minute (this process's workers)"));
        }
        h.raw("<nav class=\"tabs\">");
        long[] counts = {st.waiting(), st.inFlight(), st.delayed(), st.dead()};
        for (JobState js : JobState.values()) {
            h.raw("<a href=\"")
                    .text(ctx.base() + "/queues/" + name + "?state=" + js.name().toLowerCase(Locale.ROOT))
                    .raw("\"")
                    .raw(js == state ? " class=\"active\"" : "")
                    .raw(">")
                    .text(label(js) + " (" + counts[js.ordinal()] + ")")
                    .raw("</a>");
        }
        h.raw("</nav><form class=\"search\" method=\"get\" action=\"")
                .text(ctx.base() + "/queues/" + name)
                .raw(
                        "\"><label>Job id <input name=\"id\" required></label> <button type=\"submit\">Find</button></form>");
        Optional<String> id = ctx.param("id").filter(v -> !v.isEmpty());
        if (id.isPresent()) {
            Optional<JobView> job = in.job(id.get());
            if (job.isEmpty()) {
                h.raw("<p class=\"warn\">No job ")
                        .text(id.get())
                        .raw(" in this queue (completed, purged or never enqueued).</p>");
            } else {
                jobTable(ctx, h, name, List.of(job.get()));
            }
            return h.toString();
        }
        if (state == JobState.DEAD && st.dead() > 0 && !s.readOnly()) {
            h.raw("<p class=\"actions\">")
                    .raw(Layout.button(
                            ctx, "/queues/" + name + "/replay", "Replay all dead letters", "replay-all", "all", "1"))
                    .raw(Layout.button(
                            ctx,
                            "/queues/" + name + "/purge",
                            "Purge all dead letters",
                            "danger purge-all",
                            "all",
                            "1"))
                    .raw("</p>");
        }
        jobTable(ctx, h, name, in.jobs(state, offset, PAGE));
        if (offset > 0) {
            h.raw("<a href=\"")
                    .text(ctx.base() + "/queues/" + name + "?state="
                            + state.name().toLowerCase(Locale.ROOT) + "&offset=" + Math.max(0, offset - PAGE))
                    .raw("\">previous</a> ");
        }
        if (offset + PAGE < counts[state.ordinal()]) {
            h.raw("<a href=\"")
                    .text(ctx.base() + "/queues/" + name + "?state="
                            + state.name().toLowerCase(Locale.ROOT) + "&offset=" + (offset + PAGE))
                    .raw("\">next</a>");
        }
        return h.toString();
    }

    private void jobTable(ConsoleApp.Ctx ctx, Html h, String name, List<JobView> jobs) {
        long now = s.clock().millis();
        h.raw("<table class=\"jobs\">")
                .headRow(
                        "Id",
                        "State",
                        "Attempts",
                        "Enqueued",
                        "Due / lease left / failed",
                        "Last error",
                        "Payload",
                        "");
        for (JobView j : jobs) {
            String due = j.due()
                    .map(d -> j.state() == JobState.IN_FLIGHT ? left(d.toEpochMilli() - now) + " left" : d.toString())
                    .orElse("");
            h.raw("<tr class=\"job\">")
                    .el("td", j.id())
                    .el("td", label(j.state()))
                    .el("td", j.attempts())
                    .el("td", j.enqueuedAt())
                    .el("td", due)
                    .el("td", j.lastError())
                    .raw("<td><pre>")
                    .text(j.payload() + (j.payloadTruncated() ? " …" : ""))
                    .raw("</pre></td><td>");
            if (j.state() == JobState.DEAD && !s.readOnly()) {
                h.raw(Layout.button(ctx, "/queues/" + name + "/replay", "Replay", "replay", "id", j.id()))
                        .raw(Layout.button(ctx, "/queues/" + name + "/purge", "Purge", "danger purge", "id", j.id()));
            }
            h.raw("</td></tr>");
        }
        h.raw("</table>");
        if (jobs.isEmpty()) {
            h.raw("<p class=\"note\">No jobs here.</p>");
        }
    }

    ConsoleResponse post(ConsoleApp.Ctx ctx) {
        String[] parts = ctx.path().split("/");
        if (parts.length != 4 || !(parts[3].equals("replay") || parts[3].equals("purge"))) {
            return Reply.text(404, "not found");
        }
        String name = parts[2];
        ReliableQueue<?> q = queue(name);
        boolean all = ctx.param("all").filter("1"::equals).isPresent();
        String id = all
                ? ""
                : ctx.param("id").orElseThrow(() -> new IllegalArgumentException("id must be given (or all=1)"));
        String what;
        if (parts[3].equals("replay")) {
            what = all ? q.replayDeadLetters() + " replayed" : q.replayDeadLetter(id) ? "replayed" : "not found";
        } else {
            what = all ? q.purgeDeadLetters() + " purged" : q.purgeDeadLetter(id) ? "purged" : "not found";
        }
        ConsoleApp.AUDIT.info(
                "console: {} {} dead letter(s) of queue '{}' by {} from {}: {}",
                parts[3],
                all ? "all" : "id '" + id + "'",
                name,
                ctx.principal(),
                ctx.request().remoteAddress(),
                what);
        return Reply.redirect(ctx.base() + "/queues/" + name + "?state=dead");
    }

    private ReliableQueue<?> queue(String name) {
        ReliableQueue<?> q = s.queues().get(name);
        if (q == null) {
            throw new IllegalArgumentException("queue: no queue named '" + name + "' is registered");
        }
        return q;
    }

    private QueueInspector inspector(String name) {
        queue(name);
        QueueInspector inspector = inspectors.get(name);
        if (inspector == null) {
            throw new IllegalArgumentException("queue: no queue named '" + name + "' is registered");
        }
        return inspector;
    }

    private static JobState state(ConsoleApp.Ctx ctx) {
        String v = ctx.param("state").orElse("dead").toUpperCase(Locale.ROOT).replace('-', '_');
        for (JobState js : JobState.values()) {
            if (js.name().equals(v)) {
                return js;
            }
        }
        throw new IllegalArgumentException("state must be waiting, in_flight, delayed or dead");
    }

    private static int offset(ConsoleApp.Ctx ctx) {
        try {
            return Math.max(0, Integer.parseInt(ctx.param("offset").orElse("0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("offset must be a number");
        }
    }

    private static String label(JobState s) {
        return s == JobState.IN_FLIGHT ? "in flight" : s.name().toLowerCase(Locale.ROOT);
    }

    static String left(long ms) {
        Duration d = Duration.ofMillis(Math.max(0, ms));
        return d.toSeconds() >= 60
                ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
                : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static Map<String, Object> statsJson(String name, QueueStats st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("waiting", st.waiting());
        m.put("inFlight", st.inFlight());
        m.put("delayed", st.delayed());
        m.put("dead", st.dead());
        return m;
    }

    private static Map<String, Object> jobJson(JobView j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("state", j.state().name());
        m.put("attempts", j.attempts());
        m.put("enqueuedAt", j.enqueuedAt().toString());
        m.put("due", j.due().map(Object::toString).orElse(null));
        m.put("lastError", j.lastError());
        m.put("payload", j.payload());
        m.put("payloadBytes", j.payloadBytes());
        return m;
    }
}
