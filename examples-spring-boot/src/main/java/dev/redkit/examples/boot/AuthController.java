package dev.redkit.examples.boot;

import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpService;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** OTP login: a code by SMS ({@code POST /auth/otp}, rate-limited by the starter's filter), then a session. */
@RestController
public class AuthController {

    /** @param phone where the code goes */
    public record CodeRequest(String phone) {}

    /**
     * @param phone the phone the code went to
     * @param code the code the user typed
     */
    public record LoginRequest(String phone, String code) {}

    /**
     * @param token the bearer token
     * @param userId the user
     */
    public record LoginResponse(String token, String userId) {}

    private final OtpService otp;
    private final SessionStore sessions;
    private final Outbox outbox;
    private final Wallets wallets;

    AuthController(OtpService otp, SessionStore sessions, Outbox outbox, Wallets wallets) {
        this.otp = otp;
        this.sessions = sessions;
        this.outbox = outbox;
        this.wallets = wallets;
    }

    @PostMapping("/auth/otp")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> sendCode(@RequestBody CodeRequest request) {
        OtpIssue issue = otp.issueAndSend("login", request.phone(), m -> outbox.sms(m.destination(), m.code()));
        if (issue instanceof OtpIssue.Cooldown c) {
            throw Problems.retryLater("a code was sent recently", c.retryAfter());
        }
        if (issue instanceof OtpIssue.SendLimit s) {
            throw Problems.retryLater("too many codes for this number", s.retryAfter());
        }
        return Map.of("status", "sent");
    }

    @PostMapping("/auth/login")
    LoginResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
        OtpResult result = otp.verify("login", request.phone(), request.code());
        if (result.status() != OtpResult.Status.VERIFIED) {
            throw Problems.of(
                    HttpStatus.UNAUTHORIZED, "code " + result.status().name().toLowerCase());
        }
        String userId = "user-" + request.phone().replaceAll("[^0-9]", "");
        NewSession s = sessions.create(
                userId,
                Map.of("phone", request.phone()),
                ClientInfo.of(http.getRemoteAddr(), http.getHeader("User-Agent")));
        wallets.open(userId);
        return new LoginResponse(s.token(), userId);
    }

    @GetMapping("/me")
    Map<String, Object> me(@RequestHeader(name = "Authorization", required = false) String authorization) {
        Session s = currentSession(sessions, authorization);
        return Map.of("userId", s.userId(), "sessionId", s.id());
    }

    static Session currentSession(SessionStore sessions, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw Problems.of(HttpStatus.UNAUTHORIZED, "sign in first");
        }
        return sessions.get(authorization.substring("Bearer ".length()))
                .orElseThrow(() -> Problems.of(HttpStatus.UNAUTHORIZED, "session expired"));
    }
}
