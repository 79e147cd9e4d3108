package dev.redkit.examples.platform;

import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.console.ConsoleRequest;
import dev.redkit.console.ConsoleResponse;
import dev.redkit.console.RedkitConsole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Redkit operations console mounted at {@code /redkit} when {@code REDKIT_CONSOLE=true} (or {@code --console}):
 * a Javalin adapter that hands each request to {@link RedkitConsole#handle} and writes its response back. The
 * console checks the admin token itself (its login form at {@code /redkit/login}, or {@code Authorization: Bearer}),
 * so the e-mail queue's dead letters can be found, replayed and watched on its charts.
 */
final class ConsoleRoutes {

    static final String BASE = "/redkit";

    private final RedkitConsole console;

    ConsoleRoutes(Platform p) {
        this.console = RedkitConsole.builder(p.redis)
                .basePath(BASE)
                .authenticator(ConsoleAuthenticator.token(p.config.adminToken()))
                .meterRegistry(p.meters)
                .queue(p.emailQueue)
                .lock(p.walletLock)
                .rateLimiter(p.apiLimiter)
                .rateLimiter(p.otpLimiter)
                .sessions("coupons", p.sessions)
                .leaderboard(p.referrals)
                .leaderboard(p.merchantClicks)
                .analytics(p.analytics)
                .analyticsChart("clicks", "all")
                .analyticsChart("orders", "all")
                .analyticsChart("rejections", "all")
                .build();
    }

    void register(RoutesConfig routes) {
        for (String path : new String[] {BASE, BASE + "/*"}) {
            routes.get(path, this::handle);
            routes.post(path, this::handle);
        }
    }

    private void handle(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach(headers::put);
        ConsoleResponse r = console.handle(new ConsoleRequest(
                ctx.method().name(), ctx.path(), ctx.queryString(), headers, ctx.bodyAsBytes(), Routes.clientIp(ctx)));
        ctx.status(r.status());
        r.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Content-Type")) {
                ctx.contentType(v);
            } else {
                ctx.header(k, v);
            }
        });
        ctx.result(r.body());
    }

    void close() {
        console.close();
    }
}
