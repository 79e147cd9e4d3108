package dev.redkit.otp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripts on a real server: they compile, a re-run issue is harmless, the comparison is exact. */
@RedisTest
class ScriptsIT {

    private static final LuaScript ISSUE = LuaScript.fromResource(RedisOtpService.class, "issue.lua");
    private static final LuaScript VERIFY = LuaScript.fromResource(RedisOtpService.class, "verify.lua");

    @Test
    void everyScriptCompilesOnTheServer(RedisConnector redis) throws Exception {
        for (String name : ScriptsTest.scriptNames()) {
            LuaScript script = LuaScript.fromResource(RedisOtpService.class, name);
            String key = redis.keySpace("otp", "load").key("k");
            Object sha = redis.ops()
                    .execute(RedisCommand.builder("SCRIPT")
                            .arg("LOAD")
                            .arg(script.source())
                            .build());
            assertThat(Replies.asString(sha)).isEqualTo(script.sha1());
            assertThat(key).isNotEmpty();
        }
    }

    @Test
    void aReRunOfTheSameIssueAnswersAsTheFirstAndChangesNothing(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("otp", "retry").slot("4930123456");
        List<String> keys = List.of(slot.key("code", "login"), slot.key("sent"));
        List<String> verifyKeys = List.of(slot.key("code", "login"), slot.key("fails", "login"));
        byte[] digest = new byte[32];
        List<Object> args = List.of(1_000_000L, digest, "id-1", 60_000L, 30_000L, 5, 3_600_000L);
        assertThat(Replies.asList(redis.ops().execute(ISSUE.call(keys, args)))).containsExactly(1L, 1_060_000L);
        Object hashBefore = ctx.raw(keys.get(0), "HGETALL", keys.get(0));
        // the driver re-sends the call after a lost reply, a little later
        List<Object> again = List.of(1_000_500L, digest, "id-1", 60_000L, 30_000L, 5, 3_600_000L);
        assertThat(Replies.asList(redis.ops().execute(ISSUE.call(keys, again)))).containsExactly(1L, 1_060_000L);
        assertThat(ctx.raw(keys.get(0), "HGETALL", keys.get(0)))
                .usingRecursiveComparison()
                .isEqualTo(hashBefore);
        assertThat((Long) ctx.raw(keys.get(1), "LLEN", keys.get(1))).isEqualTo(1L);
        // a new call (new id) meets the cooldown
        List<Object> other = List.of(1_000_500L, digest, "id-2", 60_000L, 30_000L, 5, 3_600_000L);
        assertThat(Replies.asList(redis.ops().execute(ISSUE.call(keys, other)))).containsExactly(2L, 29_500L);
    }

    @Test
    void comparisonRejectsAnyDifferenceAndAcceptsOnlyTheExactDigest(RedisConnector redis) {
        KeySpace.Slot slot = redis.keySpace("otp", "cmp").slot("4930123456");
        List<String> keys = List.of(slot.key("code", "login"), slot.key("sent"));
        List<String> verifyKeys = List.of(slot.key("code", "login"), slot.key("fails", "login"));
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 0xA5);
        redis.ops().execute(ISSUE.call(keys, List.of(1_000L, digest, "id", 60_000L, 0L, 5, 60_000L)));
        byte[] lastByte = digest.clone();
        lastByte[31] ^= 1;
        byte[] firstByte = digest.clone();
        firstByte[0] ^= (byte) 0x80;
        byte[] longer = Arrays.copyOf(digest, 33);
        byte[] shorter = Arrays.copyOf(digest, 31);
        long left = 100;
        for (byte[] wrong : List.of(lastByte, firstByte, longer, shorter, new byte[0])) {
            List<Object> reply = Replies.asList(
                    redis.ops().execute(VERIFY.call(verifyKeys, List.of(2_000L, wrong, 100, 100, 86_400_000L))));
            assertThat(reply).containsExactly(2L, --left);
        }
        assertThat(Replies.asList(
                        redis.ops().execute(VERIFY.call(verifyKeys, List.of(2_000L, digest, 100, 100, 86_400_000L)))))
                .containsExactly(1L, 0L);
    }
}
