package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.core.SecretHasher;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The one authentication check of every {@code /admin} path, whatever the method (registered as a before
 * handler, so it also covers routes added later and paths that match no route). A request is an admin's when
 * it carries {@code X-Admin-Token: <ADMIN_TOKEN>}, or, for {@code GET} only, the dashboard cookie that
 * {@code POST /admin/login} sets (an HMAC of the token, {@code HttpOnly}, {@code SameSite=Strict}, path
 * {@code /admin}; it is never accepted for writes, so a forged cross-site request cannot change anything).
 * Tokens are compared in constant time, over their SHA-256, so neither content nor length leaks through timing.
 * Anything else is a 401: JSON for API calls, the login page for a browser asking for the dashboard.
 */
final class AdminAuth {

    static final String HEADER = "X-Admin-Token";
    static final String COOKIE = "redkit_admin";

    private final Platform p;
    private final byte[] tokenDigest;
    private final String cookieValue;
    private final byte[] loginPage;

    AdminAuth(Platform p) {
        this.p = p;
        this.tokenDigest = SecretHasher.sha256().hash(p.config.adminToken());
        this.cookieValue = SecretHasher.hmacSha256(
                        p.config.adminToken().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hashToHex("redkit-admin-dashboard-cookie");
        try (InputStream in = AdminAuth.class.getResourceAsStream("admin-login.html")) {
            if (in == null) {
                throw new IllegalStateException("admin-login.html is missing from the class path");
            }
            this.loginPage = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read admin-login.html", e);
        }
    }

    void register(RoutesConfig routes) {
        routes.before(this::check);
        routes.post("/admin/login", this::login);
    }

    /**
     * @param ctx the request
     * @return whether it carries the admin token in {@code X-Admin-Token}
     */
    boolean hasToken(Context ctx) {
        String given = ctx.header(HEADER);
        return given != null
                && SecretHasher.constantTimeEquals(SecretHasher.sha256().hash(given.trim()), tokenDigest);
    }

    private void check(Context ctx) {
        String path = ctx.path().toLowerCase(Locale.ROOT);
        if (!path.startsWith("/admin")) {
            return;
        }
        boolean get = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
        if (path.equals("/admin/login") && ctx.method().name().equals("POST")) {
            return; // the login route checks the token itself
        }
        if (hasToken(ctx) || (get && SecretHasher.constantTimeEquals(ctx.cookie(COOKIE), cookieValue))) {
            return;
        }
        String accept = String.valueOf(ctx.header("Accept"));
        if (get && accept.contains("text/html")) {
            ctx.status(401).contentType("text/html; charset=utf-8").result(loginPage);
            ctx.skipRemainingHandlers();
            return;
        }
        throw new ApiException(401, "admin_token_required", "admin routes need the admin token in " + HEADER);
    }

    private void login(Context ctx) {
        String token = Body.of(ctx, p.json).string("token", 256);
        if (!SecretHasher.constantTimeEquals(SecretHasher.sha256().hash(token), tokenDigest)) {
            throw new ApiException(401, "admin_token_required", "the admin token is wrong");
        }
        ctx.cookie(new Cookie(
                COOKIE, cookieValue, "/admin", -1, "https".equals(ctx.scheme()), true, null, SameSite.STRICT));
        ctx.json(obj("loggedIn", true));
    }
}
