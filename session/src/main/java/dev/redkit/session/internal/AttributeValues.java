package dev.redkit.session.internal;

import dev.redkit.core.Codec;
import dev.redkit.core.Codecs;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of session attribute values ({@code a:<name>} fields): Jackson through
 * {@link Codecs#json(Class)} of {@code Object}, with one shortcut for the value a session read meets most, a
 * JSON string of printable ASCII without escapes ({@code "customer"}): its text is the bytes between the
 * quotes, so it is read without setting up a Jackson parser per value and gives the same {@code String}
 * Jackson would. Thread-safe.
 */
final class AttributeValues {

    static final Codec<Object> CODEC = Codecs.json(Object.class);

    private AttributeValues() {}

    /**
     * Decodes one stored value.
     *
     * @param key the session key, named by the {@link dev.redkit.core.CodecException} of a value Jackson refuses
     * @param json the stored bytes
     * @return the value as Jackson reads it into {@code Object}
     */
    static Object decode(String key, byte[] json) {
        return isPlainAsciiString(json)
                ? new String(json, 1, json.length - 2, StandardCharsets.US_ASCII)
                : CODEC.decode(key, json);
    }

    /**
     * Decodes a value just encoded by {@link #CODEC}.
     *
     * @param json the bytes
     * @return the value as Jackson reads it into {@code Object}
     */
    static Object decode(byte[] json) {
        return isPlainAsciiString(json)
                ? new String(json, 1, json.length - 2, StandardCharsets.US_ASCII)
                : CODEC.decode(json);
    }

    /** Whether the bytes are {@code "..."} with only printable ASCII but {@code "} and {@code \} between. */
    static boolean isPlainAsciiString(byte[] json) {
        int n = json.length;
        if (n < 2 || json[0] != '"' || json[n - 1] != '"') {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            byte b = json[i];
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }
}
