package dev.redkit.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashing of secrets (session tokens, one-time codes) so that Redis never holds them in clear,
 * plus constant-time comparison and random token generation. Shared by every component that stores a
 * secret.
 *
 * <p>With a key, digests are HMAC-SHA256; without one, plain SHA-256 (still no clear secret at rest,
 * but a leaked dump allows offline guessing of low-entropy secrets, so one-time codes require a key).
 * Several parts are hashed with their lengths, so {@code ("ab","c")} and {@code ("a","bc")} differ.
 * <pre>{@code
 * SecretHasher hasher = SecretHasher.hmacSha256(secretKeyBytes);
 * String token = SecretHasher.randomToken(32);          // 256 bits, URL-safe
 * String stored = hasher.hashToHex("session", token);
 * boolean same = SecretHasher.constantTimeEquals(stored, hasher.hashToHex("session", presented));
 * }</pre>
 * Thread-safe: each thread reuses its own {@link Mac} (creating one costs about 10 µs).
 */
public final class SecretHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(SecretHasher::sha256Digest);

    private SecretHasher(byte[] key) {
        this.key = key == null ? null : new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = this.key == null ? null : ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * HMAC-SHA256 with the given key.
     *
     * @param key at least 16 bytes (32 recommended)
     * @return the hasher
     * @throws IllegalArgumentException if the key is null or shorter than 16 bytes
     */
    public static SecretHasher hmacSha256(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("secret must be at least 16 bytes");
        }
        return new SecretHasher(key);
    }

    /**
     * Unkeyed SHA-256.
     *
     * @return the hasher
     */
    public static SecretHasher sha256() {
        return new SecretHasher(null);
    }

    /** @return whether this hasher uses a secret key */
    public boolean isKeyed() {
        return key != null;
    }

    /**
     * Hashes the parts, each preceded by its length.
     *
     * @param parts the parts, UTF-8 encoded
     * @return the 32-byte digest
     */
    public byte[] hash(String... parts) {
        ByteBuffer buf = ByteBuffer.allocate(lengthOf(parts));
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            buf.putInt(b.length).put(b);
        }
        byte[] input = buf.array();
        return key == null ? digests.get().digest(input) : macs.get().doFinal(input);
    }

    /**
     * Hashes the parts and returns lower-case hex.
     *
     * @param parts the parts
     * @return 64 hex characters
     */
    public String hashToHex(String... parts) {
        byte[] d = hash(parts);
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return new String(out);
    }

    private static int lengthOf(String[] parts) {
        int n = 0;
        for (String p : parts) {
            if (p == null) {
                throw new IllegalArgumentException("hash part must not be null");
            }
            n += 4 + p.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /**
     * Compares two byte arrays in time that does not depend on where they differ.
     *
     * @param a one array, may be null
     * @param b the other, may be null
     * @return true if both are non-null and equal
     */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /**
     * Compares two strings in time that does not depend on where they differ.
     *
     * @param a one string, may be null
     * @param b the other, may be null
     * @return true if both are non-null and equal
     */
    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A random URL-safe token from {@link SecureRandom}.
     *
     * @param bytes entropy in bytes, 16 or more (32 gives 256 bits)
     * @return base64url without padding
     */
    public static String randomToken(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("bytes must be at least 16, was " + bytes);
        }
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The shared {@link SecureRandom}, for components that draw other secrets (one-time codes).
     *
     * @return the generator; thread-safe
     */
    public static SecureRandom secureRandom() {
        return RANDOM;
    }

    @Override
    public String toString() {
        return key == null ? "SecretHasher{SHA-256}" : "SecretHasher{HMAC-SHA256, key=****}";
    }
}
