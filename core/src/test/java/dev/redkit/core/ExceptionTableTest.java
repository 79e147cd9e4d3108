package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** The rows of the exception table that need no server: error texts of other Redis versions, causes. */
class ExceptionTableTest {

    private static final RedisCommand SCRIPT =
            LuaScript.of("t/x.lua", "return 1").call(java.util.List.of("k"), java.util.List.of());

    @Test
    void notNowCodesAreFoundAtTheStartOrInsideARedis6ScriptError() {
        assertThat(JedisErrors.notNowError("LOADING Redis is loading the dataset in memory"))
                .isEqualTo("LOADING");
        assertThat(JedisErrors.notNowError(
                        "READONLY You can't write against a read only replica. script: abc, on @user_script:1."))
                .isEqualTo("READONLY");
        assertThat(JedisErrors.notNowError("ERR Error running script (call to f_abc): @user_script:1: @user_script: 1:"
                        + " -READONLY You can't write against a read only replica."))
                .isEqualTo("READONLY");
        assertThat(JedisErrors.notNowError("BUSYKEY Target key name already exists."))
                .isNull();
        assertThat(JedisErrors.notNowError("ERR unknown leaderboard read x")).isNull();
        assertThat(JedisErrors.notNowError("WRONGTYPE Operation against a key holding the wrong kind of value"))
                .isNull();
        assertThat(JedisErrors.notNowError(null)).isNull();
    }

    @Test
    void eachDriverFailureMapsToItsRow() {
        RedisUnavailableException refused = (RedisUnavailableException) JedisErrors.translate(
                withSuppressed(
                        new JedisConnectionException("Failed to connect to any host"), new ConnectException("refused")),
                SCRIPT,
                "h:1");
        assertThat(refused.mayHaveBeenApplied()).isFalse();
        RedisUnavailableException timedOut = (RedisUnavailableException) JedisErrors.translate(
                new JedisConnectionException(new SocketTimeoutException("Read timed out")), SCRIPT, "h:1");
        assertThat(timedOut.mayHaveBeenApplied()).isTrue();
        RedisUnavailableException exhausted = (RedisUnavailableException) JedisErrors.translate(
                new JedisException(
                        "Could not get a resource from the pool", new NoSuchElementException("Timeout waiting")),
                SCRIPT,
                "h:1");
        assertThat(exhausted.mayHaveBeenApplied()).isFalse();
        assertThat(((RedisUnavailableException) JedisErrors.translate(
                                new JedisClusterOperationException("No more cluster attempts left."), SCRIPT, "h:1"))
                        .mayHaveBeenApplied())
                .isTrue();
        assertThat(JedisErrors.translate(
                        new JedisDataException("TRYAGAIN Multiple keys request during rehashing"), SCRIPT, "h:1"))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(JedisErrors.translate(new JedisDataException("ERR boom"), SCRIPT, "h:1"))
                .isExactlyInstanceOf(RedisScriptException.class);
        assertThat(JedisErrors.translate(new JedisDataException("WRONGTYPE x"), RedisCommand.of("GET", "k"), "h:1"))
                .isExactlyInstanceOf(RedisCommandException.class);
    }

    private static <T extends Throwable> T withSuppressed(T t, Throwable suppressed) {
        t.addSuppressed(suppressed);
        return t;
    }
}
