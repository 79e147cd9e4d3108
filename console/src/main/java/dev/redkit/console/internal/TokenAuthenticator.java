package dev.redkit.console.internal;

import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.console.ConsoleRequest;
import dev.redkit.core.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The shared-secret authenticator of {@link ConsoleAuthenticator#token(String)}: a bearer header, or the login
 * cookie holding an HMAC of the token (so the cookie is not the token itself).
 */
public final class TokenAuthenticator implements ConsoleAuthenticator {

    /** The login cookie's name. */
    public static final String COOKIE = "redkit_console";

    private static final String PRINCIPAL = "token";

    private final String token;
    private final String cookieValue;

    /**
     * Creates the authenticator.
     *
     * @param token the secret
     */
    public TokenAuthenticator(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("token must be at least 16 characters");
        }
        this.token = token;
        this.cookieValue =
                SecretHasher.hmacSha256(token.getBytes(StandardCharsets.UTF_8)).hashToHex("redkit-console-login");
    }

    @Override
    public Optional<String> authenticate(ConsoleRequest request) {
        Optional<String> bearer = request.header("authorization")
                .filter(h -> h.startsWith("Bearer "))
                .map(h -> h.substring("Bearer ".length()).trim());
        if (bearer.isPresent()) {
            return SecretHasher.constantTimeEquals(bearer.get(), token) ? Optional.of(PRINCIPAL) : Optional.empty();
        }
        return request.cookie(COOKIE)
                .filter(c -> SecretHasher.constantTimeEquals(c, cookieValue))
                .map(c -> PRINCIPAL);
    }

    /**
     * Checks a token typed into the login form.
     *
     * @param candidate the typed token
     * @return the cookie value to set, or empty when the token is wrong
     */
    Optional<String> login(String candidate) {
        return candidate != null && SecretHasher.constantTimeEquals(candidate, token)
                ? Optional.of(cookieValue)
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "ConsoleAuthenticator.token(****)";
    }
}
