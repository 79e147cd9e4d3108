package dev.redkit.examples.platform;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a merchant's order postback: {@code X-Postback-Signature: sha256=<hex>}, the lower-case hex
 * HMAC-SHA256 of the raw request body under the merchant's postback secret (its UTF-8 bytes), as affiliate
 * networks sign their callbacks. The body carries {@code timestamp} and {@code nonce}, so both are signed.
 */
public final class PostbackSignature {

    /** The request header carrying the signature. */
    public static final String HEADER = "X-Postback-Signature";

    private static final String PREFIX = "sha256=";

    private PostbackSignature() {}

    /**
     * @param secret the merchant's postback secret
     * @param body the exact request body
     * @return the header value, {@code sha256=<hex>}
     */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * Checks a signature in constant time.
     *
     * @param secret the merchant's postback secret
     * @param body the exact request body
     * @param header the {@link #HEADER} value, may be null
     * @return whether it is the body's signature under this secret
     */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
