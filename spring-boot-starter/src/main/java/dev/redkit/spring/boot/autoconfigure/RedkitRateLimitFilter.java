package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.SecretHasher;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import dev.redkit.ratelimit.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the limits under {@code redkit.ratelimit.limits.<name>} that name {@code paths} to matching
 * requests. Each matching limit takes one permit, keyed by client IP ({@code request.getRemoteAddr()}, so
 * Boot's {@code server.forward-headers-strategy} decides whether a proxy's header counts; the filter never reads
 * {@code X-Forwarded-For} itself), by user, or by a header. Allowed requests carry the IETF {@code RateLimit}
 * and {@code RateLimit-Policy} fields (and {@code X-RateLimit-*}) of the tightest limit; a refused request gets
 * {@code 429 Too Many Requests} with {@code Retry-After} and an RFC 9457 {@code application/problem+json}
 * body, and does not reach the application. Thread-safe.
 */
public final class RedkitRateLimitFilter extends OncePerRequestFilter {

    private record Route(
            String name,
            RateLimiter limiter,
            List<PathPattern> paths,
            List<String> methods,
            RedkitProperties.KeyBy keyBy,
            String header) {}

    private static final SecretHasher SHA256 = SecretHasher.sha256();

    private final List<Route> routes = new ArrayList<>();
    private final JsonMapper mapper;

    RedkitRateLimitFilter(
            RedkitRateLimiters limiters, Map<String, RedkitProperties.LimitSpec> specs, JsonMapper mapper) {
        this.mapper = mapper;
        PathPatternParser parser = PathPatternParser.defaultInstance;
        specs.forEach((name, spec) -> {
            if (spec.getPaths().isEmpty()) {
                return;
            }
            if (spec.getKeyBy() == RedkitProperties.KeyBy.HEADER
                    && (spec.getHeader() == null || spec.getHeader().isBlank())) {
                throw new IllegalStateException(
                        "redkit.ratelimit.limits." + name + ".header must be set with key-by: header");
            }
            List<PathPattern> patterns =
                    spec.getPaths().stream().map(parser::parse).toList();
            List<String> methods = spec.getMethods().stream()
                    .map(m -> m.toUpperCase(Locale.ROOT))
                    .toList();
            String header = spec.getHeader() == null ? "" : spec.getHeader();
            routes.add(new Route(name, limiters.get(name), patterns, methods, spec.getKeyBy(), header));
        });
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(
                request.getRequestURI().substring(request.getContextPath().length()));
        RateLimitDecision reported = null;
        String deniedBy = null;
        for (Route route : routes) {
            if (!matches(route, request, path)) {
                continue;
            }
            RateLimitDecision d = route.limiter().tryAcquire(key(route, request), 1);
            if (!d.allowed()) {
                if (deniedBy == null || reported == null || d.retryAfter().compareTo(reported.retryAfter()) > 0) {
                    reported = d;
                    deniedBy = route.name();
                }
            } else if (deniedBy == null && (reported == null || d.remaining() < reported.remaining())) {
                reported = d;
            }
        }
        if (reported != null) {
            RateLimitHeaders.of(reported).forEach(response::setHeader);
        }
        if (deniedBy != null) {
            reject(request, response, deniedBy);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean matches(Route route, HttpServletRequest request, PathContainer path) {
        if (!route.methods().isEmpty() && !route.methods().contains(request.getMethod())) {
            return false;
        }
        for (PathPattern p : route.paths()) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static String key(Route route, HttpServletRequest request) {
        switch (route.keyBy()) {
            case USER: {
                Principal user = request.getUserPrincipal();
                if (user != null && user.getName() != null && !user.getName().isEmpty()) {
                    return part("user:", user.getName());
                }
                break;
            }
            case HEADER: {
                String value = request.getHeader(route.header());
                if (value != null && !value.isEmpty()) {
                    return part("header:", value);
                }
                break;
            }
            default:
                break;
        }
        return "ip:" + request.getRemoteAddr();
    }

    /** A client-chosen value longer than a key part may be is counted by its SHA-256 instead of failing the request. */
    private static String part(String kind, String value) {
        return value.length() <= 256 ? kind + value : kind + "sha256:" + SHA256.hashToHex(value);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String limit) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "Rate limit '" + limit + "' exceeded; retry after the number of seconds in Retry-After.");
        problem.setInstance(URI.create(request.getRequestURI()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        body.put("limit", limit);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(mapper.writeValueAsBytes(body));
    }
}
