package dev.redkit.otp.internal;

import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Draws codes of a fixed length over an alphabet, uniformly: the code's value is drawn from
 * {@code [0, alphabet^length)} by rejection sampling (draw just enough random bits, retry when the value is
 * out of range), so there is no modulo bias, then written in base {@code alphabet}. Also normalises
 * submitted codes. Thread-safe if the random generator is.
 */
public final class CodeGenerator {

    /** Decimal digits. */
    public static final String DIGITS = "0123456789";
    /** 32 upper-case characters without the look-alikes 0/O and 1/I. */
    public static final String ALPHANUMERIC = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final String alphabet;
    private final int length;
    private final long bound;
    private final int shift;
    private final RandomGenerator random;

    /**
     * Creates a generator.
     *
     * @param alphabet the characters, 2 or more, distinct
     * @param length the code length, 1 to 10
     * @param random the source of randomness ({@link java.security.SecureRandom} in production)
     */
    public CodeGenerator(String alphabet, int length, RandomGenerator random) {
        if (alphabet.length() < 2 || length < 1 || length > 10) {
            throw new IllegalArgumentException("alphabet must have 2+ characters and length be 1-10");
        }
        this.alphabet = alphabet;
        this.length = length;
        long b = 1;
        for (int i = 0; i < length; i++) {
            b = Math.multiplyExact(b, alphabet.length());
        }
        this.bound = b;
        this.shift = Long.numberOfLeadingZeros(b - 1);
        this.random = random;
    }

    /** @return the number of distinct codes, {@code alphabet^length} */
    public long space() {
        return bound;
    }

    /**
     * Draws a code.
     *
     * @return {@code length} characters of the alphabet
     */
    public String next() {
        return format(nextValue());
    }

    /**
     * Draws a value uniformly from {@code [0, space())}: takes the top bits of a 64-bit draw (as many as
     * {@code space() - 1} needs) and retries while the value is out of range, which happens with probability
     * below one half per draw.
     *
     * @return the value
     */
    long nextValue() {
        while (true) {
            long v = random.nextLong() >>> shift;
            if (v < bound) {
                return v;
            }
        }
    }

    String format(long value) {
        char[] out = new char[length];
        int base = alphabet.length();
        for (int i = length - 1; i >= 0; i--) {
            out[i] = alphabet.charAt((int) (value % base));
            value /= base;
        }
        return new String(out);
    }

    /**
     * Normalises a submitted code: drops spaces and hyphens, upper-cases letters.
     *
     * @param submitted the code as typed
     * @return the normalised code, or {@code null} if it is not {@code length} characters of the alphabet
     */
    public @Nullable String normalize(String submitted) {
        if (submitted.length() > 4 * length + 8) {
            return null;
        }
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < submitted.length(); i++) {
            char c = submitted.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            if (alphabet.indexOf(c) < 0) {
                return null;
            }
            sb.append(c);
        }
        return sb.length() == length ? sb.toString() : null;
    }
}
