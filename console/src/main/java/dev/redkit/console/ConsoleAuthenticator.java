package dev.redkit.console;

import dev.redkit.console.internal.TokenAuthenticator;
import java.util.Optional;

/**
 * Decides who makes a console request. The console calls it for every request but its static files and login
 * form, and answers 401 when it returns empty. Plug in the host application's own authentication (a session
 * user with an admin role, say), or use {@link #token(String)}. Implementations must be thread-safe.
 * <!-- snippet: ConsoleSnippets#consoleAuthenticator -->
 * <pre>{@code
 * ConsoleAuthenticator hostAuth = request -> currentAdmin(request).map(Admin::email);
 * }</pre>
 */
@FunctionalInterface
public interface ConsoleAuthenticator {

    /**
     * The principal that makes the request, or empty when it is not authenticated.
     *
     * @param request the request
     * @return the principal's name, which the audit log records
     */
    Optional<String> authenticate(ConsoleRequest request);

    /**
     * A shared-secret authenticator: accepts {@code Authorization: Bearer <token>} (for scripts and the JSON API)
     * or the console's login cookie, which its login form ({@code <base>/login}) sets after checking the token
     * (HttpOnly, SameSite=Strict; the cookie holds an HMAC of the token, not the token). Comparisons are
     * constant-time. The principal is {@code "token"}.
     *
     * @param token the secret, at least 16 characters
     * @return the authenticator
     * @throws IllegalArgumentException if the token is null or shorter than 16 characters
     */
    static ConsoleAuthenticator token(String token) {
        return new TokenAuthenticator(token);
    }

    /**
     * Trusts the host application's own authentication: the principal its adapter put in
     * {@link ConsoleRequest#hostPrincipal()} (for example the servlet user Spring Security authenticated, after the
     * adapter checked the role it requires). A request without one is refused with 401.
     *
     * @return the authenticator
     */
    static ConsoleAuthenticator hostPrincipal() {
        return request -> java.util.Optional.ofNullable(request.hostPrincipal());
    }
}
