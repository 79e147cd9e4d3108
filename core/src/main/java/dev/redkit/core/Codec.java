package dev.redkit.core;

/**
 * Turns values into the bytes stored in Redis and back. Implementations must be thread-safe and
 * must throw {@link CodecException} (never return garbage or {@code null}) when bytes cannot be read.
 *
 * <p>Redkit ships {@link Codecs#json(Class)} (Jackson 3, the default), {@link Codecs#string()} and
 * {@link Codecs#bytes()}.
 *
 * @param <T> the value type
 */
public interface Codec<T> {

    /**
     * Encodes a value.
     *
     * @param value the value, not null
     * @return the bytes
     * @throws CodecException if the value cannot be written
     */
    byte[] encode(T value);

    /**
     * Decodes bytes written by {@link #encode(Object)}.
     *
     * @param bytes the bytes, not null
     * @return the value, never null
     * @throws CodecException if the bytes are not a valid encoding of the type
     */
    T decode(byte[] bytes);

    /** @return the value type's name, for messages */
    String typeName();

    /**
     * Decodes bytes read from a key; a failure names the key.
     *
     * @param key the key the bytes came from
     * @param bytes the bytes
     * @return the value
     * @throws CodecException naming the type and the key
     */
    default T decode(String key, byte[] bytes) {
        try {
            return decode(bytes);
        } catch (CodecException e) {
            throw new CodecException(
                    typeName(), key, "cannot decode stored value", e.getCause() == null ? e : e.getCause());
        }
    }
}
