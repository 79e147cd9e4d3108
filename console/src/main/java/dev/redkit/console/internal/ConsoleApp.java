package dev.redkit.console.internal;

import dev.redkit.console.ConsoleRequest;
import dev.redkit.console.ConsoleResponse;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.SecretHasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's request handling: authentication, the cross-site and read-only checks on mutations, security
 * headers, routing to the pages and the JSON API, and the audit log. Thread-safe.
 */
public final class ConsoleApp implements AutoCloseable {

    static final Logger AUDIT = LoggerFactory.getLogger("dev.redkit.console.audit");
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    static final String CSP =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "x-redkit-csrf";

    private final ConsoleSettings s;
    private final SecretHasher csrf;
    private final Sampler sampler;
    private final Pages pages;

    /**
     * Creates the console and starts its (idle) sampler.
     *
     * @param settings the validated settings
     */
    public ConsoleApp(ConsoleSettings settings) {
        this.s = settings;
        byte[] key = new byte[32];
        SecretHasher.secureRandom().nextBytes(key);
        this.csrf = SecretHasher.hmacSha256(key);
        this.sampler = new Sampler(settings.sampleInterval(), settings.clock());
        this.pages = new Pages(settings, sampler);
    }

    /** One request's context: the path inside the console, the principal and its CSRF token. */
    record Ctx(ConsoleRequest request, String path, String principal, String csrfToken, String base) {
        Optional<String> param(String name) {
            return request.param(name);
        }
    }

    /**
     * Handles one request.
     *
     * @param request the request
     * @return the response
     */
    public ConsoleResponse handle(ConsoleRequest request) {
        String path = request.path();
        if (!path.startsWith(s.basePath())) {
            return Reply.text(404, "not found");
        }
        path = path.substring(s.basePath().length());
        if (path.isEmpty()) {
            path = "/";
        }
        try {
            if (path.startsWith("/static/")) {
                return staticFile(path.substring("/static/".length()));
            }
            boolean mutation =
                    !request.method().equals("GET") && !request.method().equals("HEAD");
            if (mutation && !sameOrigin(request)) {
                AUDIT.warn(
                        "console: refused cross-site {} {} from {}", request.method(), path, request.remoteAddress());
                return Reply.text(403, "cross-site request refused");
            }
            if (path.equals("/login") && s.authenticator() instanceof TokenAuthenticator) {
                return login(request, (TokenAuthenticator) s.authenticator());
            }
            Optional<String> principal = s.authenticator().authenticate(request);
            if (principal.isEmpty()) {
                boolean form = s.authenticator() instanceof TokenAuthenticator && !path.startsWith("/api/");
                return form
                        ? Reply.html(401, Layout.login(s.basePath(), false))
                        : Reply.text(401, "authentication required");
            }
            sampler.touch();
            Ctx ctx = new Ctx(request, path, principal.get(), csrf.hashToHex("csrf", principal.get()), s.basePath());
            if (mutation) {
                return mutate(ctx);
            }
            return pages.get(ctx);
        } catch (IllegalArgumentException e) {
            return Reply.text(400, String.valueOf(e.getMessage()));
        } catch (RedisUnavailableException e) {
            LOG.warn("console: Redis unavailable: {}", e.getMessage());
            return Reply.text(503, "Redis unavailable: " + e.getMessage());
        }
    }

    private ConsoleResponse mutate(Ctx ctx) {
        ConsoleRequest r = ctx.request();
        if (!r.method().equals("POST")) {
            return Reply.text(405, "method not allowed");
        }
        String token = r.header(CSRF_HEADER).or(() -> r.param(CSRF_FIELD)).orElse("");
        if (!SecretHasher.constantTimeEquals(token, ctx.csrfToken())) {
            AUDIT.warn(
                    "console: refused {} {} by {} without a valid CSRF token", r.method(), ctx.path(), ctx.principal());
            return Reply.text(403, "missing or wrong CSRF token");
        }
        if (s.readOnly()) {
            return Reply.text(403, "the console is read-only");
        }
        return pages.post(ctx);
    }

    /** Refuses a request that a browser marks as cross-site, or whose Origin is not the host it was sent to. */
    static boolean sameOrigin(ConsoleRequest r) {
        String site = r.header("sec-fetch-site").orElse("same-origin");
        if (!site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        Optional<String> origin = r.header("origin");
        if (origin.isEmpty()) {
            return true;
        }
        String host = r.header("x-forwarded-host").or(() -> r.header("host")).orElse("");
        try {
            URI o = URI.create(origin.get());
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ':' + o.getPort();
            return o.getHost() != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ConsoleResponse login(ConsoleRequest r, TokenAuthenticator auth) {
        if (!r.method().equals("POST")) {
            return Reply.html(200, Layout.login(s.basePath(), false));
        }
        Optional<String> cookie = auth.login(r.param("token").orElse(""));
        if (cookie.isEmpty()) {
            AUDIT.warn("console: failed login from {}", r.remoteAddress());
            return Reply.html(401, Layout.login(s.basePath(), true));
        }
        AUDIT.info("console: login from {}", r.remoteAddress());
        Map<String, String> headers = new LinkedHashMap<>();
        String path = s.basePath().isEmpty() ? "/" : s.basePath();
        headers.put(
                "Set-Cookie",
                TokenAuthenticator.COOKIE + '=' + cookie.get() + "; Path=" + path + "; HttpOnly; SameSite=Strict");
        headers.put("Location", path.endsWith("/") ? path : path + '/');
        return Reply.of(303, "text/plain; charset=utf-8", "signed in".getBytes(StandardCharsets.UTF_8), headers);
    }

    private static ConsoleResponse staticFile(String name) {
        if (!name.equals("console.js") && !name.equals("console.css") && !name.equals("favicon.svg")) {
            return Reply.text(404, "not found");
        }
        try (InputStream in = ConsoleApp.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                return Reply.text(404, "not found");
            }
            String type = name.endsWith(".js")
                    ? "text/javascript; charset=utf-8"
                    : name.endsWith(".svg") ? "image/svg+xml" : "text/css; charset=utf-8";
            return Reply.of(200, type, in.readAllBytes(), Map.of("Cache-Control", "max-age=300"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sampler.close();
    }
}
