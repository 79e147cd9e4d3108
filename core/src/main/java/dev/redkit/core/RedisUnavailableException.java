package dev.redkit.core;

import dev.redkit.core.spi.RedisBackoff;
import org.jspecify.annotations.Nullable;

/**
 * Redis could not be reached, did not answer in time, or answered that it cannot serve the command right
 * now. This is the one exception type every Redkit component documents for "Redis is down": a caller
 * that fails closed, fails open or retries later handles every row of the table below the same way.
 *
 * <h2>What maps here</h2>
 * {@link RedisOps} translates driver failures with one table, on standalone, Sentinel and Cluster alike:
 * <table>
 * <caption>Failures reported as {@code RedisUnavailableException}</caption>
 * <tr><th>failure</th><th>{@link #mayHaveBeenApplied()}</th></tr>
 * <tr><td>connection refused, connect timeout, no route, unknown host</td><td>false</td></tr>
 * <tr><td>no turn at the connection pool in time for the {@linkplain RedisConfig#callTimeout() call deadline}, or
 *     {@linkplain RedisConfig#maxQueuedCalls() too many callers} already waiting</td><td>false</td></tr>
 * <tr><td>the connection broke or the reply timed out after the command was sent, including in the
 *     middle of a pipeline or of a strict-mode write and its {@code WAIT}</td><td>true</td></tr>
 * <tr><td>Cluster: attempts, redirections or the {@link RedisConfig#callTimeout() call timeout}
 *     exhausted</td><td>true</td></tr>
 * <tr><td>an error reply that means "not now": {@code CLUSTERDOWN}, {@code TRYAGAIN}, {@code LOADING},
 *     {@code READONLY}, {@code MASTERDOWN}, {@code BUSY}, {@code NOREPLICAS}, also when a script's
 *     {@code redis.call} raised it</td><td>false</td></tr>
 * <tr><td>strict mode: too few replicas confirmed ({@link ReplicaAckException})</td><td>true (the
 *     primary applied it)</td></tr>
 * <tr><td>a component's back-off skipped Redis ({@link RedisBackoff})</td><td>false</td></tr>
 * </table>
 * Every other error reply is a {@link RedisCommandException}, or a {@link RedisScriptException} when it
 * came from a script (its own {@code error_reply}, a wrong argument, {@code OOM}, {@code WRONGTYPE}).
 *
 * <h2>May the command have run?</h2>
 * {@link #mayHaveBeenApplied()} is {@code false} only when Redis is known not to have run the command
 * (it was never sent, or the server refused it before running it). When it is {@code true} the command
 * may or may not have run, and a write may be visible later; components stay correct either way (see
 * {@link RedisConfig} on retries). For a pipeline it speaks for the whole pipeline: other entries may
 * have run even when this one did not.
 */
public class RedisUnavailableException extends RedkitException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final boolean mayHaveBeenApplied;

    /**
     * Creates an exception for a command that may have run.
     *
     * @param endpoint the server or servers tried, as {@code host:port[,host:port]}; never credentials
     * @param message what failed
     * @param cause the driver's exception
     */
    public RedisUnavailableException(String endpoint, String message, @Nullable Throwable cause) {
        this(endpoint, message, cause, true);
    }

    /**
     * Creates an exception.
     *
     * @param endpoint the server or servers tried, as {@code host:port[,host:port]}; never credentials
     * @param message what failed
     * @param cause the driver's exception
     * @param mayHaveBeenApplied {@code false} only if Redis is known not to have run the command
     */
    public RedisUnavailableException(
            String endpoint, String message, @Nullable Throwable cause, boolean mayHaveBeenApplied) {
        super(message + " [" + endpoint + "]", cause);
        this.endpoint = endpoint;
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    /**
     * The endpoint or endpoints that could not be used.
     *
     * @return {@code host:port}, comma separated for several; never contains credentials
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Whether Redis may have run the command: {@code false} only when it was never sent or the server
     * refused it before running it (see the table in the class description).
     *
     * @return {@code true} if the command may have been applied
     */
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
