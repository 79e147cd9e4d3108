package dev.redkit.core;

import org.jspecify.annotations.Nullable;

/**
 * Redis answered a command with an error: {@code WRONGTYPE}, {@code NOPERM}, {@code CROSSSLOT},
 * {@code OOM} and the like. Retrying the same command will usually fail the same way. Error replies that
 * mean "not now" ({@code CLUSTERDOWN}, {@code LOADING}, {@code READONLY}, ...) are a
 * {@link RedisUnavailableException} instead: see the table on that class.
 */
public class RedisCommandException extends RedkitException {
    private static final long serialVersionUID = 1L;

    private final String command;

    /**
     * Creates an exception.
     *
     * @param command the command name, for example {@code ZADD}
     * @param message the server's error text
     * @param cause the driver's exception
     */
    public RedisCommandException(String command, String message, @Nullable Throwable cause) {
        super(command + " failed: " + message, cause);
        this.command = command;
    }

    /**
     * The command that failed.
     *
     * @return the command name, or the script name for {@link RedisScriptException}
     */
    public String command() {
        return command;
    }
}
