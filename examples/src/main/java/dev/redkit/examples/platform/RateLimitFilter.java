package dev.redkit.examples.platform;

import dev.redkit.analytics.Event;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Runs before every route but {@code /health}: a sliding-window limit per client IP (100 per minute by
 * default) and a stricter one on {@code POST /auth/request-otp}. Every response carries the limit headers
 * of the binding limit; a denied request is a 429 with {@code Retry-After}, counted for the dashboard.
 */
final class RateLimitFilter {

    private final Platform p;

    RateLimitFilter(Platform p) {
        this.p = p;
    }

    void apply(Context ctx) {
        String path = ctx.path();
        if (path.equals("/health") || path.equals("/favicon.ico")) {
            return;
        }
        String ip = Routes.clientIp(ctx);
        RateLimitDecision decision = p.apiLimiter.tryAcquire(ip);
        if (decision.allowed() && path.equals("/auth/request-otp") && ctx.method().name().equals("POST")) {
            decision = p.otpLimiter.tryAcquire(ip);
        }
        Map<String, String> headers = RateLimitHeaders.of(decision);
        headers.forEach(ctx::header);
        if (!decision.allowed()) {
            String area = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "root";
            p.analytics.track(Event.builder().count("rejections", "all")
                    .count("rejections", area.isEmpty() ? "root" : area.substring(0, Math.min(32, area.length()))).build());
            throw new ApiException(429, "rate_limited", "too many requests; retry after "
                    + headers.get(RateLimitHeaders.RETRY_AFTER) + " s", headers, Map.of("limit", decision.limit()));
        }
    }
}
