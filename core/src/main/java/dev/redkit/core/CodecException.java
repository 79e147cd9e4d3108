package dev.redkit.core;

import org.jspecify.annotations.Nullable;

/**
 * A value could not be encoded to or decoded from its stored bytes. The message names the target type
 * and, when known, the key the bytes came from; it never contains the value itself.
 */
public class CodecException extends RedkitException {
    private static final long serialVersionUID = 1L;

    private final String targetType;
    private final @Nullable String key;

    /**
     * Creates an exception.
     *
     * @param targetType the type being written or read
     * @param key the Redis key involved, or {@code null} when not known
     * @param message what failed
     * @param cause the codec's exception
     */
    public CodecException(String targetType, @Nullable String key, String message, @Nullable Throwable cause) {
        super(message + " (type " + targetType + (key == null ? "" : ", key " + key) + ")", cause);
        this.targetType = targetType;
        this.key = key;
    }

    /**
     * The type that was being encoded or decoded.
     *
     * @return a type name such as {@code com.example.Merchant}
     */
    public String targetType() {
        return targetType;
    }

    /**
     * The key the value belongs to.
     *
     * @return the key, or {@code null} when the codec was used without one
     */
    public @Nullable String key() {
        return key;
    }
}
