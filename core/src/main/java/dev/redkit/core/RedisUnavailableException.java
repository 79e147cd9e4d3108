package dev.redkit.core;

/**
 * Redis could not be reached or did not answer within the configured timeout: connection refused,
 * connect or socket timeout, connection pool exhausted, no reachable Cluster node.
 *
 * <p>This is the one exception type every Redkit component documents for "Redis is down". Whether the
 * command ran on the server is unknown when the reply timed out; see {@link RedisConfig} for the
 * retry policy and how components stay correct.
 */
public class RedisUnavailableException extends RedkitException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;

    /**
     * Creates an exception.
     *
     * @param endpoint the server or servers tried, as {@code host:port[,host:port]}; never credentials
     * @param message what failed
     * @param cause the driver's exception
     */
    public RedisUnavailableException(String endpoint, String message, Throwable cause) {
        super(message + " [" + endpoint + "]", cause);
        this.endpoint = endpoint;
    }

    /**
     * The endpoint or endpoints that could not be used.
     *
     * @return {@code host:port}, comma separated for several; never contains credentials
     */
    public String endpoint() {
        return endpoint;
    }
}
