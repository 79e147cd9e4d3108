package dev.redkit.examples.platform;

import dev.redkit.analytics.Event;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/**
 * Runs before every route but {@code /health}: a sliding-window limit per client IP (100 per minute by
 * default) and a stricter one on {@code POST /auth/request-otp}. Every response carries the limit headers
 * of the binding limit; a denied request is a 429 with {@code Retry-After}, counted for the dashboard under a
 * fixed set of dimensions. The client address is the one {@link TrustedProxies} resolved.
 */
final class RateLimitFilter {

    private final Platform p;

    RateLimitFilter(Platform p) {
        this.p = p;
    }

    /** The route areas the rejection counters know; anything else counts as {@code other}. */
    static final Set<String> AREAS =
            Set.of("auth", "me", "merchants", "offers", "postbacks", "wallet", "leaderboard", "admin");

    /**
     * The analytics dimension of a path: its first segment if that is a known area, else {@code other}. A
     * dimension taken from the path as sent would let a client create three Redis keys per request it makes.
     */
    static String area(String path) {
        int end = path.indexOf('/', 1);
        String first = path.length() > 1 ? path.substring(1, end < 0 ? path.length() : end) : "";
        return AREAS.contains(first) ? first : "other";
    }

    /**
     * The limiter key of a client address: IPv4 addresses as they are, IPv6 addresses by their /64 network,
     * since one subscriber usually holds a whole /64 and could otherwise rotate through 2^64 addresses.
     */
    static String limitKey(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        String[] groups = ip.split(":", -1);
        return groups.length == 8 ? String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64" : ip;
    }

    void apply(Context ctx) {
        String path = ctx.path();
        if (path.equals("/health") || path.equals("/favicon.ico")) {
            return;
        }
        String ip = limitKey(Routes.clientIp(ctx));
        RateLimitDecision decision = p.apiLimiter.tryAcquire(ip);
        if (decision.allowed()
                && path.equals("/auth/request-otp")
                && ctx.method().name().equals("POST")) {
            decision = p.otpLimiter.tryAcquire(ip);
        }
        Map<String, String> headers = RateLimitHeaders.of(decision);
        headers.forEach(ctx::header);
        if (!decision.allowed()) {
            p.analytics.track(Event.builder()
                    .count("rejections", "all")
                    .count("rejections", area(path))
                    .build());
            throw new ApiException(
                    429,
                    "rate_limited",
                    "too many requests; retry after " + headers.get(RateLimitHeaders.RETRY_AFTER) + " s",
                    headers,
                    Map.of("limit", decision.limit()));
        }
    }
}
