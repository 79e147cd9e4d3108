package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.core.RedisHealth;
import dev.redkit.queue.DeadLetter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Operations: {@code /health}, cache statistics, queue depths and dead letters (e-mail addresses masked), the
 * demo mail provider's outage switch, and the live dashboard page. Every {@code /admin} path is behind {@link AdminAuth}.
 */
final class AdminRoutes {

    private final Platform p;
    private final AdminAuth auth;
    private final byte[] dashboardHtml;

    AdminRoutes(Platform p, AdminAuth auth) {
        this.p = p;
        this.auth = auth;
        try (InputStream in = AdminRoutes.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the class path");
            }
            this.dashboardHtml = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dashboard.html", e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/admin/cache", this::cache);
        routes.get("/admin/queues", this::queues);
        routes.put("/admin/mail-outage", this::mailOutage);
        routes.get(
                "/admin/dashboard",
                ctx -> ctx.contentType("text/html; charset=utf-8").result(dashboardHtml));
        routes.get("/", ctx -> ctx.redirect("/admin/dashboard"));
    }

    /**
     * Starts ({@code {"on": true}}) or ends the demo mail provider's simulated outage; the answer gives the state
     * before and after.
     */
    private void mailOutage(Context ctx) {
        boolean on = Body.of(ctx, p.json).bool("on");
        boolean before = p.mailer.outage(on);
        ctx.json(obj("outage", on, "before", before));
    }

    /**
     * Up or degraded for anyone (load balancers need no token); the error text of a component that is down,
     * and Redis's version, only with the admin token: raw errors name hosts, ports and drivers.
     */
    private void health(Context ctx) {
        boolean detail = auth.hasToken(ctx);
        RedisHealth redis = p.redis.health();
        Map<String, Object> db;
        boolean dbUp;
        try {
            Duration ping = p.repository.ping();
            db = obj("up", true, "latencyMs", CacheStats.round(ping.toNanos() / 1e6));
            dbUp = true;
        } catch (Repository.DataAccessException e) {
            db = detail ? obj("up", false, "error", e.getMessage()) : obj("up", false);
            dbUp = false;
        }
        boolean worker = p.workerAlive();
        boolean up = redis.up() && dbUp && worker;
        Map<String, Object> r = obj("up", redis.up());
        if (redis.up()) {
            r.put("latencyMs", CacheStats.round(redis.latency().toNanos() / 1e6));
            if (detail) {
                r.put("version", redis.serverVersion());
            }
        } else if (detail) {
            r.put("error", redis.error());
        }
        ctx.status(up ? 200 : 503)
                .json(obj(
                        "status",
                        up ? "up" : "degraded",
                        "redis",
                        r,
                        "database",
                        db,
                        "emailWorker",
                        obj("alive", worker)));
    }

    private void cache(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        p.cacheStats.forEach((name, stats) -> {
            Map<String, Object> entry = new LinkedHashMap<>(obj("app", stats.toMap()));
            double hits = count("redkit.cache.hits", name);
            double misses = count("redkit.cache.misses", name);
            Map<String, Object> redkit = obj(
                    "hits",
                    (long) hits,
                    "misses",
                    (long) misses,
                    "hitRatio",
                    hits + misses == 0 ? 0.0 : CacheStats.round(hits / (hits + misses)),
                    "staleServed",
                    (long) count("redkit.cache.stale_served", name));
            long loads = 0;
            double loadMs = 0;
            double maxMs = 0;
            for (Timer t : p.meters.find("redkit.cache.load").tag("name", name).timers()) {
                loads += t.count();
                loadMs += t.totalTime(TimeUnit.MILLISECONDS);
                maxMs = Math.max(maxMs, t.max(TimeUnit.MILLISECONDS));
            }
            redkit.put("loads", loads);
            redkit.put("meanLoadMs", loads == 0 ? 0.0 : CacheStats.round(loadMs / loads));
            redkit.put("maxLoadMs", CacheStats.round(maxMs));
            entry.put("redkit", redkit);
            out.put(name, entry);
        });
        ctx.json(out);
    }

    private double count(String meter, String name) {
        Counter c = p.meters.find(meter).tag("name", name).counter();
        return c == null ? 0 : c.count();
    }

    private void queues(Context ctx) {
        List<DeadLetter<EmailJob>> dead = p.emailQueue.deadLetters(0, 20);
        ctx.json(obj(
                "order-emails",
                obj(
                        "stats",
                        p.emailQueue.stats(),
                        "workerAlive",
                        p.workerAlive(),
                        "sent",
                        p.mailer.sent().size(),
                        "deadLetters",
                        dead.stream()
                                .map(d -> obj(
                                        "id",
                                        d.id(),
                                        "job",
                                        d.job()
                                                .map(j -> obj(
                                                        "orderId",
                                                        j.orderId(),
                                                        "to",
                                                        Redact.email(j.to()),
                                                        "subject",
                                                        j.subject()))
                                                .orElse(null),
                                        "attempts",
                                        d.attempts(),
                                        "lastError",
                                        Redact.emails(d.lastError()),
                                        "failedAt",
                                        d.failedAt()))
                                .toList())));
    }
}
