package dev.redkit.examples.platform;

import dev.redkit.analytics.Event;
import dev.redkit.session.Session;
import io.javalin.http.Context;
import java.util.Optional;

/** Resolves the {@code Authorization: Bearer <token>} header to a session and marks the user active. */
final class Auth {

    private final Platform p;

    Auth(Platform p) {
        this.p = p;
    }

    static Optional<String> token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** @return the caller's session, or empty if there is no valid token */
    Optional<Session> optional(Context ctx) {
        Optional<Session> session = token(ctx).flatMap(p.sessions::get);
        session.ifPresent(
                s -> p.analytics.track(Event.builder().active(s.userId()).build()));
        return session;
    }

    /** @return the caller's session; 401 if there is no valid token */
    Session require(Context ctx) {
        return optional(ctx).orElseThrow(ApiException::unauthorized);
    }

    static long userId(Session session) {
        return Long.parseLong(session.userId());
    }
}
