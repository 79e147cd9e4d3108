package dev.redkit.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception Redkit throws for an infrastructure or data failure.
 *
 * <p>Misuse of an API (a null argument, an invalid configuration value) is reported with the JDK's
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead, and an expected outcome
 * (a lock that is taken, a request that is rate limited) is a return value, never an exception.
 *
 * <p>Subtypes:
 * <ul>
 *   <li>{@link RedisUnavailableException}: Redis could not be reached or did not answer in time;</li>
 *   <li>{@link RedisCommandException}: Redis answered with an error (wrong type, no permission, ...);</li>
 *   <li>{@link RedisScriptException}: a Lua script failed on the server;</li>
 *   <li>{@link CodecException}: a value could not be encoded or decoded.</li>
 * </ul>
 * Driver exceptions are kept as the {@linkplain #getCause() cause}. Messages never contain a password.
 */
public class RedkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed; never a secret
     * @param cause the underlying failure, or {@code null}
     */
    public RedkitException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
