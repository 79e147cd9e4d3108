package dev.redkit.core;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * How a Jedis failure becomes a Redkit exception: the exception table documented on
 * {@link RedisUnavailableException}, and the tests it rests on (is this error reply a "not now", did a failure
 * happen before anything was sent).
 */
final class JedisErrors {

    private JedisErrors() {}

    /** The exception table documented on {@link RedisUnavailableException}. */
    static RuntimeException translate(RuntimeException e, @Nullable RedisCommand command, String endpoint) {
        if (e instanceof RedkitException || e instanceof IllegalArgumentException) {
            return e;
        }
        if (e instanceof JedisConnectionException) {
            boolean notSent = isConnectFailure(e);
            return new RedisUnavailableException(
                    endpoint,
                    "Redis unavailable during " + describe(command) + ": " + e.getMessage()
                            + (notSent ? "" : "; it may have been applied"),
                    e,
                    !notSent);
        }
        if (e instanceof JedisClusterOperationException) {
            return new RedisUnavailableException(
                    endpoint,
                    "Redis Cluster unavailable during " + describe(command) + ": " + e.getMessage()
                            + "; it may have been applied",
                    e,
                    true);
        }
        if (e instanceof JedisRedirectionException) {
            return new RedisUnavailableException(
                    endpoint,
                    "Redis Cluster redirected " + describe(command) + " once too often: " + e.getMessage(),
                    e,
                    false);
        }
        if (e instanceof JedisDataException) {
            String notNow = notNowError(e.getMessage());
            if (notNow != null) {
                return new RedisUnavailableException(
                        endpoint,
                        "Redis cannot serve " + describe(command) + " now (" + notNow + "): " + e.getMessage(),
                        e,
                        false);
            }
            LuaScript script = command == null ? null : command.script();
            if (script != null) {
                return new RedisScriptException(script.name(), message(e), e);
            }
            return new RedisCommandException(command == null ? "?" : command.name(), message(e), e);
        }
        if (e instanceof JedisException) {
            if (hasCause(e, NoSuchElementException.class)) {
                return new RedisUnavailableException(
                        endpoint, "no free connection in the pool for " + describe(command), e, false);
            }
            return new RedisUnavailableException(
                    endpoint,
                    "Redis call " + describe(command) + " failed: " + e.getMessage() + "; it may have been applied",
                    e,
                    true);
        }
        return new RedkitException("Redis call " + describe(command) + " failed: " + e, e);
    }

    /** Error replies that mean "this server cannot serve the command now", not "the command is wrong". */
    private static final Set<String> NOT_NOW =
            Set.of("CLUSTERDOWN", "TRYAGAIN", "LOADING", "READONLY", "MASTERDOWN", "BUSY", "NOREPLICAS");

    /**
     * The "not now" error code of an error reply, also when a script's {@code redis.call} raised it (Redis 7 keeps
     * the code first; Redis 6 reports {@code ERR Error running script ... -CODE ...}), or {@code null}.
     */
    static @Nullable String notNowError(@Nullable String message) {
        if (message == null) {
            return null;
        }
        String code = firstWord(message);
        if (NOT_NOW.contains(code)) {
            return code;
        }
        if (message.startsWith("ERR Error running script")) {
            int dash = message.indexOf(": -");
            while (dash >= 0) {
                String inner = firstWord(message.substring(dash + 3));
                if (NOT_NOW.contains(inner)) {
                    return inner;
                }
                dash = message.indexOf(": -", dash + 3);
            }
        }
        return null;
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= 'A' && s.charAt(end) <= 'Z') {
            end++;
        }
        return end < s.length() && s.charAt(end) != ' ' ? "" : s.substring(0, end);
    }

    /** A failure's message, or its class name when it has none (an error reply always has one). */
    private static String message(Throwable e) {
        String m = e.getMessage();
        return m != null ? m : e.toString();
    }

    /** Whether the failure happened while opening a connection or taking one from the pool: nothing was sent. */
    static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof NoSuchElementException
                    || (t instanceof JedisConnectionException
                            && t.getMessage() != null
                            && t.getMessage().startsWith("Failed to connect"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ConnectException || s instanceof NoRouteToHostException) {
                    return true;
                }
            }
        }
        return false;
    }

    static String describe(@Nullable RedisCommand c) {
        if (c == null) {
            return "command";
        }
        LuaScript script = c.script();
        return script != null ? "script " + script.name() : c.name();
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
