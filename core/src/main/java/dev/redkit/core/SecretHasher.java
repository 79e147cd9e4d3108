package dev.redkit.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Keyed hashing of secrets (session tokens, one-time codes) so that Redis never holds them in clear,
 * plus constant-time comparison and random token generation. Shared by every component that stores a
 * secret.
 *
 * <p>With a key, digests are HMAC-SHA256; without one, plain SHA-256 (still no clear secret at rest,
 * but a leaked dump allows offline guessing of low-entropy secrets, so one-time codes require a key).
 * Several parts are hashed with their lengths, so {@code ("ab","c")} and {@code ("a","bc")} differ.
 * <!-- snippet: CoreSnippets#secretHasher -->
 * <pre>{@code
 * SecretHasher hasher = SecretHasher.hmacSha256(secretKeyBytes);
 * String token = SecretHasher.randomToken(32); // 256 bits, URL-safe
 * String stored = hasher.hashToHex("session", token);
 * boolean same = SecretHasher.constantTimeEquals(stored, hasher.hashToHex("session", presented));
 * }</pre>
 * <p>Thread-safe, also for millions of short-lived (virtual) threads: a hash borrows a {@link Mac} (or
 * {@link MessageDigest}) from a small lock-free striped pool, one slot per stripe, and gives it back, so instances
 * are built about once per stripe instead of once per thread (building one costs about 10 µs). Random bytes come
 * from striped {@code DRBG} {@link SecureRandom} instances (seeded once each from the system's entropy source),
 * so concurrent callers do not queue on one generator's monitor.
 */
public final class SecretHasher {

    private static final int STRIPES =
            Integer.highestOneBit(Math.max(8, Runtime.getRuntime().availableProcessors() * 2 - 1)) * 2;
    private static final SecureRandom[] RANDOMS = newRandoms();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** {@code null} for plain SHA-256; then {@link #macs} is {@code null} too. */
    private final @Nullable SecretKeySpec key;

    private final @Nullable Striped<Mac> macs;
    private final Striped<MessageDigest> digests = new Striped<>(SecretHasher::sha256Digest);

    private SecretHasher(byte @Nullable [] key) {
        this.key = key == null ? null : new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = this.key == null ? null : new Striped<>(this::newMac);
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

    private static SecureRandom[] newRandoms() {
        SecureRandom[] randoms = new SecureRandom[STRIPES];
        for (int i = 0; i < randoms.length; i++) {
            SecureRandom r;
            try {
                r = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                r = new SecureRandom();
            }
            randoms[i] = r;
        }
        return randoms;
    }

    private static int stripe() {
        long id = Thread.currentThread().getId();
        return (int) (id ^ (id >>> 32)) & (STRIPES - 1);
    }

    /** Instances that are not thread-safe, one per stripe, borrowed for one use; a second borrower builds its own. */
    private static final class Striped<T> {
        private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(STRIPES);
        private final Supplier<T> factory;
        private final AtomicLong built = new AtomicLong();

        Striped(Supplier<T> factory) {
            this.factory = factory;
        }

        T borrow(int stripe) {
            T t = slots.getAndSet(stripe, null);
            if (t == null) {
                built.incrementAndGet();
                t = factory.get();
            }
            return t;
        }

        void giveBack(int stripe, T t) {
            slots.compareAndSet(stripe, null, t);
        }
    }

    /** @return how many {@link Mac} or {@link MessageDigest} instances this hasher has built, for tests */
    long instancesBuilt() {
        return (macs == null ? 0 : macs.built.get()) + digests.built.get();
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
        byte[] input = frame(parts);
        int stripe = stripe();
        Striped<Mac> keyed = macs;
        if (keyed == null) {
            MessageDigest digest = digests.borrow(stripe);
            byte[] out = digest.digest(input);
            digests.giveBack(stripe, digest);
            return out;
        }
        Mac mac = keyed.borrow(stripe);
        byte[] out = mac.doFinal(input);
        keyed.giveBack(stripe, mac);
        return out;
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

    /** Each part as its UTF-8 length (4 bytes, big-endian) and bytes, every part encoded once. */
    private static byte[] frame(String[] parts) {
        byte[][] encoded = new byte[parts.length][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                throw new IllegalArgumentException("hash part must not be null");
            }
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            n += 4 + encoded[i].length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] b : encoded) {
            int length = b.length;
            out[pos] = (byte) (length >>> 24);
            out[pos + 1] = (byte) (length >>> 16);
            out[pos + 2] = (byte) (length >>> 8);
            out[pos + 3] = (byte) length;
            System.arraycopy(b, 0, out, pos + 4, length);
            pos += 4 + length;
        }
        return out;
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
        return a != null
                && b != null
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
        secureRandom().nextBytes(b);
        return TOKEN_ENCODER.encodeToString(b);
    }

    /**
     * A shared {@link SecureRandom} for components that draw other secrets (one-time codes): one of a few
     * striped generators, chosen by the calling thread, so that concurrent callers rarely share one.
     *
     * @return the generator; thread-safe
     */
    public static SecureRandom secureRandom() {
        return RANDOMS[stripe()];
    }

    @Override
    public String toString() {
        return key == null ? "SecretHasher{SHA-256}" : "SecretHasher{HMAC-SHA256, key=****}";
    }
}
