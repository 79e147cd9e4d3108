package dev.redkit.core;

import org.jspecify.annotations.Nullable;

/**
 * A Redkit Lua script raised an error on the server. The message names the script resource, so a
 * failure can be traced to one {@code .lua} file. The script's writes before the error are not rolled
 * back by Redis, which is why every Redkit script validates its input before its first write.
 *
 * <p>An error that means "the server cannot serve this now" ({@code CLUSTERDOWN}, {@code TRYAGAIN},
 * {@code LOADING}, {@code READONLY}, {@code MASTERDOWN}, {@code BUSY}, {@code NOREPLICAS}) is a
 * {@link RedisUnavailableException} instead, also when it was raised by a {@code redis.call} inside the script:
 * see the table on that class.
 */
public class RedisScriptException extends RedisCommandException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param scriptName the script resource name, for example {@code session/get.lua}
     * @param message the server's error text
     * @param cause the driver's exception
     */
    public RedisScriptException(String scriptName, String message, @Nullable Throwable cause) {
        super("script " + scriptName, message, cause);
    }
}
