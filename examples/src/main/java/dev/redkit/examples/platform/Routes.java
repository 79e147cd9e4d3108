package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.core.RedisUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin server: the client address ({@link TrustedProxies}), request size limits, the rate-limit
 * filter, the admin check ({@link AdminAuth}), the JSON error mapping (also for Jetty's own errors such as
 * 431, see {@link JsonErrorHandler}) and every route area. Errors always have the shape {@code {"status": 400, "error": "bad_request", "message": "..."}}.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    /** Request bodies above this size are refused with 413. */
    static final long MAX_BODY_BYTES = 16 * 1024;
    /** Oversized bodies up to this size are read and dropped before the 413; larger ones end the connection. */
    static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;
    /** Request header bytes above this size are refused with 431. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final String CLIENT_IP = "redkit.clientIp";

    private Routes() {}

    static Javalin create(Platform p) {
        return Javalin.create(cfg -> {
            cfg.jsonMapper(p.json);
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(p.json)));
            RoutesConfig routes = cfg.routes;
            routes.before(ctx -> ctx.attribute(
                    CLIENT_IP,
                    p.config
                            .trustedProxies()
                            .clientIp(
                                    ctx.req().getRemoteAddr(),
                                    Collections.list(ctx.req().getHeaders("X-Forwarded-For")))));
            routes.before(Routes::refuseOversizedBody);
            routes.before(new RateLimitFilter(p)::apply);
            AdminAuth admin = new AdminAuth(p);
            admin.register(routes);
            errors(routes);
            new AuthRoutes(p).register(routes);
            new AnalyticsRoutes(p).register(routes); // before CatalogRoutes: /offers/trending before /offers/{id}
            new CatalogRoutes(p).register(routes);
            new PostbackRoutes(p).register(routes);
            new WalletRoutes(p).register(routes);
            new LeaderboardRoutes(p).register(routes);
            new AdminRoutes(p, admin).register(routes);
            if (p.console != null) {
                p.console.register(routes);
            }
        });
    }

    /**
     * A body announced larger than {@link #MAX_BODY_BYTES} is read and dropped (up to {@link #MAX_DRAINED_BYTES})
     * before the 413, so the client, still sending, reads the JSON error instead of a connection reset.
     */
    private static void refuseOversizedBody(Context ctx) throws IOException {
        long length = ctx.req().getContentLengthLong();
        if (length <= MAX_BODY_BYTES) {
            return;
        }
        if (length <= MAX_DRAINED_BYTES) {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
        }
        ctx.header("Connection", "close");
        throw new ApiException(413, "payload_too_large", "request body is larger than " + MAX_BODY_BYTES + " bytes");
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
            String message =
                    status == 413 ? "request body is larger than " + MAX_BODY_BYTES + " bytes" : e.getMessage();
            ctx.status(status).json(error(status, code, message));
        });
        routes.exception(
                IllegalArgumentException.class,
                (e, ctx) -> ctx.status(400).json(error(400, "bad_request", e.getMessage())));
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

    static Map<String, Object> error(int status, String code, @Nullable String message) {
        Map<String, Object> body = new LinkedHashMap<>(obj("status", status, "error", code));
        body.put("message", message);
        return body;
    }

    /**
     * @param ctx the request
     * @return the client's address as {@link TrustedProxies} resolved it for this request
     */
    static String clientIp(Context ctx) {
        return ctx.attribute(CLIENT_IP);
    }
}
