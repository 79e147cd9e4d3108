package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.analytics.Event;
import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpResult;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.Session;
import dev.redkit.session.SessionInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Login by SMS code ({@code OtpService}) and sessions ({@code SessionStore}): request and verify a code,
 * log out, the profile, and the list of one's sessions ("your devices") with per-device logout. Phone numbers
 * are read into the app's one canonical form ({@link Phones}), which is both the OTP destination and the user
 * table's key, so every spelling of a number is one account.
 */
final class AuthRoutes {

    private static final String PURPOSE = "login";

    private final Platform p;
    private final Auth auth;

    AuthRoutes(Platform p) {
        this.p = p;
        this.auth = new Auth(p);
    }

    void register(RoutesConfig routes) {
        routes.post("/auth/request-otp", this::requestOtp);
        routes.post("/auth/verify-otp", this::verifyOtp);
        routes.post("/auth/logout", this::logout);
        routes.get("/me", this::me);
        routes.get("/me/sessions", this::listSessions);
        routes.delete("/me/sessions/{id}", this::revokeSession);
    }

    private void requestOtp(Context ctx) {
        String phone = Body.of(ctx, p.json).phone("phone");
        OtpIssue issue = p.otp.issueAndSend(PURPOSE, phone, p.sms);
        if (issue instanceof OtpIssue.Issued issued) {
            ctx.status(202).json(obj("sent", true, "phone", phone, "expiresAt", issued.expiresAt()));
        } else if (issue instanceof OtpIssue.Cooldown cooldown) {
            throw tooSoon("otp_cooldown", "a code was sent recently; wait before asking again", cooldown.retryAfter());
        } else if (issue instanceof OtpIssue.SendLimit limit) {
            throw tooSoon("otp_send_limit", "too many codes sent to this number", limit.retryAfter());
        }
    }

    private static ApiException tooSoon(String code, String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(
                429,
                code,
                message,
                Map.of("Retry-After", Long.toString(seconds)),
                Map.of("retryAfterSeconds", seconds));
    }

    private void verifyOtp(Context ctx) {
        Body body = Body.of(ctx, p.json);
        String phone = body.phone("phone");
        String code = body.string("code", 16);
        OtpResult result = p.otp.verify(PURPOSE, phone, code);
        switch (result.status()) {
            case VERIFIED -> {
                User user = p.repository.findOrCreateUser(phone);
                NewSession created = p.sessions.create(
                        Long.toString(user.id()),
                        Map.of("phone", phone),
                        ClientInfo.of(Routes.clientIp(ctx), java.util.Objects.toString(ctx.header("User-Agent"), "")));
                p.analytics.track(Event.builder()
                        .count("logins", "all")
                        .active(Long.toString(user.id()))
                        .build());
                ctx.json(obj(
                        "token",
                        created.token(),
                        "sessionId",
                        created.session().id(),
                        "expiresAt",
                        created.session().expiresAt(),
                        "user",
                        profile(user)));
            }
            case INVALID ->
                throw new ApiException(
                        401,
                        "invalid_code",
                        "the code is wrong",
                        Map.of(),
                        Map.of("attemptsLeft", result.attemptsLeft()));
            case EXPIRED ->
                throw new ApiException(401, "code_expired", "no live code for this number; request a new one");
            case LOCKED -> throw new ApiException(429, "code_locked", "too many wrong codes; request a new one");
            case LOCKED_OUT ->
                throw new ApiException(
                        429, "number_locked_out", "too many wrong codes for this number today; try again later");
            default -> throw new IllegalStateException("unknown OTP status " + result.status());
        }
    }

    private void logout(Context ctx) {
        String token = Auth.token(ctx).orElseThrow(ApiException::unauthorized);
        if (!p.sessions.revoke(token)) {
            throw ApiException.unauthorized();
        }
        ctx.json(obj("loggedOut", true));
    }

    private void me(Context ctx) {
        Session session = auth.require(ctx);
        User user = p.repository.findUser(Auth.userId(session));
        if (user == null) {
            throw ApiException.notFound("user " + session.userId() + " no longer exists");
        }
        ctx.json(obj(
                "user",
                profile(user),
                "session",
                obj(
                        "id",
                        session.id(),
                        "createdAt",
                        session.createdAt(),
                        "expiresAt",
                        session.expiresAt(),
                        "absoluteExpiresAt",
                        session.absoluteExpiresAt())));
    }

    private void listSessions(Context ctx) {
        Session session = auth.require(ctx);
        List<SessionInfo> all = p.sessions.list(session.userId());
        ctx.json(obj(
                "sessions",
                all.stream()
                        .map(s -> obj(
                                "id",
                                s.id(),
                                "current",
                                s.id().equals(session.id()),
                                "createdAt",
                                s.createdAt(),
                                "lastSeenAt",
                                s.lastSeenAt(),
                                "expiresAt",
                                s.expiresAt(),
                                "ip",
                                s.clientInfo().ip(),
                                "userAgent",
                                s.clientInfo().userAgent()))
                        .toList()));
    }

    private void revokeSession(Context ctx) {
        Session session = auth.require(ctx);
        String id = ctx.pathParam("id");
        if (id.length() > 128 || !p.sessions.revoke(session.userId(), id)) {
            throw ApiException.notFound("no session " + id + " for this user");
        }
        ctx.status(200).json(obj("revoked", id));
    }

    static Map<String, Object> profile(User user) {
        return obj(
                "id",
                user.id(),
                "name",
                user.name(),
                "phone",
                user.phone(),
                "email",
                user.email(),
                "balanceCents",
                user.balanceCents());
    }
}
