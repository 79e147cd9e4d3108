package dev.redkit.examples.platform;

/**
 * The app cannot start for a reason the operator must fix (Redis unreachable, a data directory others can
 * read); the message is one line meant for the console, without credentials.
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the one-line reason */
    public StartupException(String message) {
        super(message);
    }
}
