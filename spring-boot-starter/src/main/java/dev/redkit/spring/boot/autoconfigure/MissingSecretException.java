package dev.redkit.spring.boot.autoconfigure;

/**
 * A secret Redkit needs is missing or too short; startup stops, and Boot's failure analysis names the
 * property to set.
 */
public class MissingSecretException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * Creates the exception.
     *
     * @param property the property to set, for example {@code redkit.otp.secret}
     * @param message what is wrong with it
     */
    public MissingSecretException(String property, String message) {
        super(message + ": set " + property + " to at least 32 random characters (for example from an environment"
                + " variable), or set redkit.dev-mode=true in development for a random key per start");
        this.property = property;
    }

    /** @return the property to set */
    public String property() {
        return property;
    }
}
