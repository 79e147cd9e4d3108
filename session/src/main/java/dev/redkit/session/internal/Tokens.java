package dev.redkit.session.internal;

import dev.redkit.core.SecretHasher;
import java.util.Base64;

/**
 * The token format {@code <tag>.<secret>} and the hashes derived from tokens and user ids.
 * <ul>
 *   <li>{@code tag}: the first {@value #TAG_CHARS} base64url characters of
 *       {@code hash("redkit.session.slot", userId)} (12 bits, 4096 values): the Redis Cluster hash tag
 *       shared by the user's index and sessions;</li>
 *   <li>{@code secret}: {@value #SECRET_BYTES} bytes from {@code SecureRandom}, base64url without
 *       padding ({@value #SECRET_CHARS} characters);</li>
 *   <li>session id: base64url of {@code hash("redkit.session.token", token)} ({@value #ID_CHARS}
 *       characters), the only form of the token Redis ever sees.</li>
 * </ul>
 * Thread-safe.
 */
final class Tokens {

    static final int TAG_CHARS = 2;
    static final int SECRET_BYTES = 32;
    static final int SECRET_CHARS = 43;
    static final int TOKEN_CHARS = TAG_CHARS + 1 + SECRET_CHARS;
    static final int ID_CHARS = 43;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretHasher hasher;

    Tokens(SecretHasher hasher) {
        this.hasher = hasher;
    }

    String tagOf(String userId) {
        byte[] h = hasher.hash("redkit.session.slot", userId);
        return B64.encodeToString(new byte[] {h[0], h[1], h[2]}).substring(0, TAG_CHARS);
    }

    static String tagOfToken(String token) {
        return token.substring(0, TAG_CHARS);
    }

    String newToken(String tag) {
        return tag + '.' + SecretHasher.randomToken(SECRET_BYTES);
    }

    String idOf(String token) {
        return B64.encodeToString(hasher.hash("redkit.session.token", token));
    }

    /** Whether the text has the exact shape of a token; checks length first, so huge input costs nothing. */
    static boolean isWellFormed(String token) {
        if (token == null || token.length() != TOKEN_CHARS || token.charAt(TAG_CHARS) != '.') {
            return false;
        }
        for (int i = 0; i < TOKEN_CHARS; i++) {
            if (i != TAG_CHARS && !isBase64Url(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isWellFormedId(String id) {
        if (id == null || id.length() != ID_CHARS) {
            return false;
        }
        for (int i = 0; i < ID_CHARS; i++) {
            if (!isBase64Url(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
