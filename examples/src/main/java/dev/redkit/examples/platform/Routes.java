package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.core.RedisUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin server: request size limit, the rate-limit filter, the JSON error mapping and every
 * route area. Errors always have the shape {@code {"status": 400, "error": "bad_request", "message": "..."}}.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** Request bodies above this size are refused with 413. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    private Routes() {
    }

    static Javalin create(Platform p) {
        return Javalin.create(cfg -> {
            cfg.jsonMapper(p.json);
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            RoutesConfig routes = cfg.routes;
            routes.before(new RateLimitFilter(p)::apply);
            errors(routes);
            new AuthRoutes(p).register(routes);
            new AnalyticsRoutes(p).register(routes);   // before CatalogRoutes: /offers/trending before /offers/{id}
            new CatalogRoutes(p).register(routes);
            new OrderRoutes(p).register(routes);
            new WalletRoutes(p).register(routes);
            new LeaderboardRoutes(p).register(routes);
            new AdminRoutes(p).register(routes);
        });
    }

    private static void errors(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            Map<String, Object> body = error(e.status(), e.code(), e.getMessage());
            body.putAll(e.details());
            ctx.status(e.status()).json(body);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String code = status == 413 ? "payload_too_large" : status == 404 ? "not_found" : "http_" + status;
            String message = status == 413 ? "request body is larger than " + MAX_BODY_BYTES + " bytes" : e.getMessage();
            ctx.status(status).json(error(status, code, message));
        });
        routes.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(400).json(error(400, "bad_request", e.getMessage())));
        routes.exception(RedisUnavailableException.class, (e, ctx) -> {
            LOG.warn("Redis unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(503).json(error(503, "redis_unavailable", "Redis is unavailable; try again shortly"));
        });
        routes.exception(Repository.DataAccessException.class, (e, ctx) -> {
            LOG.warn("Database error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(503).json(error(503, "database_unavailable", "the database is unavailable; try again shortly"));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(error(500, "internal_error", "unexpected server error; see the server log"));
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(error(404, "not_found", "no route for " + ctx.method() + " " + ctx.path()));
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(error(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
    }

    static Map<String, Object> error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>(obj("status", status, "error", code));
        body.put("message", message);
        return body;
    }

    /**
     * The client's address: the peer, or the first {@code X-Forwarded-For} entry when the peer is loopback
     * (a local reverse proxy, or the traffic simulator playing many clients).
     */
    static String clientIp(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded != null && isLoopback(peer)) {
            String first = forwarded.split(",", 2)[0].trim();
            if (!first.isEmpty() && first.length() <= 64) {
                return first;
            }
        }
        return peer;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }
}
