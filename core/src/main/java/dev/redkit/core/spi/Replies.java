package dev.redkit.core.spi;

import dev.redkit.core.RedisOps;
import dev.redkit.core.RedkitException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Converts the plain reply values of {@link RedisOps} to the types a caller expects, failing with a
 * {@link RedkitException} that names the expected type when a reply has another shape.
 */
public final class Replies {

    private Replies() {}

    /**
     * An integer reply (or a bulk string holding an integer).
     *
     * @param reply the reply
     * @return the value
     * @throws RedkitException if the reply is nil or not an integer
     */
    public static long asLong(@Nullable Object reply) {
        if (reply instanceof Long) {
            return (Long) reply;
        }
        if (reply instanceof byte[]) {
            return parseLong((byte[]) reply);
        }
        throw unexpected("integer", reply);
    }

    /**
     * {@link Long#parseLong(String)} of ASCII bytes without building a string: an optional sign and 1-18
     * digits, which cannot overflow, are read in place; anything longer or different goes through
     * {@code parseLong}, which decides.
     */
    private static long parseLong(byte[] b) {
        int n = b.length;
        int i = n > 0 && (b[0] == '-' || b[0] == '+') ? 1 : 0;
        if (n > i && n - i <= 18) {
            long value = 0;
            for (int j = i; j < n; j++) {
                int digit = b[j] - '0';
                if (digit < 0 || digit > 9) {
                    throw unexpected("integer", b);
                }
                value = value * 10 + digit;
            }
            return b[0] == '-' ? -value : value;
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw unexpected("integer", b);
        }
    }

    /**
     * A floating point reply sent as a bulk string (or an integer).
     *
     * @param reply the reply
     * @return the value; {@code inf}/{@code -inf} map to infinities
     * @throws RedkitException if the reply is nil or not a number
     */
    public static double asDouble(@Nullable Object reply) {
        if (reply instanceof Long) {
            return (Long) reply;
        }
        if (reply instanceof byte[]) {
            String s = new String((byte[]) reply, StandardCharsets.US_ASCII);
            switch (s) {
                case "inf":
                case "+inf":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw unexpected("number", reply);
                    }
            }
        }
        throw unexpected("number", reply);
    }

    /**
     * A bulk or status string as UTF-8 text.
     *
     * @param reply the reply
     * @return the text, or {@code null} for nil
     * @throws RedkitException if the reply is not a string
     */
    public static @Nullable String asString(@Nullable Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[]) {
            return new String((byte[]) reply, StandardCharsets.UTF_8);
        }
        if (reply instanceof Long) {
            return reply.toString();
        }
        throw unexpected("string", reply);
    }

    /**
     * A bulk or status string as UTF-8 text, where the script or command never answers nil (a member, a field
     * name, a status).
     *
     * @param reply the reply
     * @return the text
     * @throws RedkitException if the reply is nil or not a string
     */
    public static String asText(@Nullable Object reply) {
        String text = asString(reply);
        if (text == null) {
            throw unexpected("string", null);
        }
        return text;
    }

    /**
     * A bulk string's bytes, where the script or command never answers nil (a stored value it just read).
     *
     * @param reply the reply
     * @return the bytes
     * @throws RedkitException if the reply is nil or not a bulk string
     */
    public static byte[] asBlob(@Nullable Object reply) {
        byte[] bytes = asBytes(reply);
        if (bytes == null) {
            throw unexpected("bulk string", null);
        }
        return bytes;
    }

    /**
     * A bulk string's bytes.
     *
     * @param reply the reply
     * @return the bytes, or {@code null} for nil
     * @throws RedkitException if the reply is not a string
     */
    public static byte @Nullable [] asBytes(@Nullable Object reply) {
        if (reply == null || reply instanceof byte[]) {
            return (byte[]) reply;
        }
        throw unexpected("bulk string", reply);
    }

    /**
     * An array reply.
     *
     * @param reply the reply
     * @return the elements; an empty list for nil
     * @throws RedkitException if the reply is not an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(@Nullable Object reply) {
        if (reply == null) {
            return List.of();
        }
        if (reply instanceof List) {
            return (List<Object>) reply;
        }
        throw unexpected("array", reply);
    }

    /**
     * Whether the reply is the status {@code OK}.
     *
     * @param reply the reply
     * @return true for {@code OK}
     */
    public static boolean isOk(@Nullable Object reply) {
        return reply instanceof byte[] && "OK".equals(new String((byte[]) reply, StandardCharsets.US_ASCII));
    }

    private static RedkitException unexpected(String expected, @Nullable Object reply) {
        String shape = reply == null
                ? "nil"
                : reply instanceof byte[] ? "bulk string" : reply.getClass().getSimpleName();
        return new RedkitException("expected a " + expected + " reply from Redis but got " + shape, null);
    }
}
