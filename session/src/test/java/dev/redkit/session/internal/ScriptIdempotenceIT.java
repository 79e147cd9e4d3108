package dev.redkit.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-sending a mutating script (as a Cluster client may after a lost reply) does no harm. */
@RedisTest
class ScriptIdempotenceIT {

    @Test
    void aResentCreateWritesNoSecondSession(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("session", "default").slot("Ab");
        String s = slot.key("s", "id1");
        String index = slot.key("u", "u1");
        List<Object> args = List.of(
                System.currentTimeMillis(),
                60_000,
                120_000,
                1,
                "evict",
                "id1",
                slot.key("s") + ':',
                "u1",
                "",
                "",
                "a:k",
                "\"v\"");
        List<Object> first =
                Replies.asList(redis.ops().execute(RedisSessionStore.CREATE.call(List.of(s, index), args)));
        List<Object> again =
                Replies.asList(redis.ops().execute(RedisSessionStore.CREATE.call(List.of(s, index), args)));
        assertThat(first).containsExactly(1L, 0L);
        assertThat(again).containsExactly(2L, 0L);
        assertThat(ctx.raw(index, "ZCARD", index)).isEqualTo(1L);
        assertThat(ctx.keys()).containsExactlyInAnyOrder(s, index);
    }

    @Test
    void aResentRotateReturnsTheRotatedSession(RedisConnector redis, RedisTestContext ctx) {
        KeySpace.Slot slot = redis.keySpace("session", "default").slot("Ab");
        long now = System.currentTimeMillis();
        redis.ops()
                .execute(RedisSessionStore.CREATE.call(
                        List.of(slot.key("s", "old"), slot.key("u", "u1")),
                        List.of(now, 60_000, 120_000, 5, "evict", "old", slot.key("s") + ':', "u1", "", "")));
        List<String> keys = List.of(slot.key("s", "old"), slot.key("s", "new"));
        List<Object> args = List.of(now, 60_000, slot.key("u") + ':', "old", "new");
        Object first = redis.ops().execute(RedisSessionStore.ROTATE.call(keys, args));
        Object again = redis.ops().execute(RedisSessionStore.ROTATE.call(keys, args));
        assertThat(first).isNotNull();
        assertThat(Replies.asList(again)).hasSameSizeAs(Replies.asList(first));
        assertThat((List<?>) ctx.raw(slot.key("u", "u1"), "ZRANGE", slot.key("u", "u1"), "0", "-1"))
                .hasSize(1);
        assertThat(ctx.keys()).containsExactlyInAnyOrder(slot.key("s", "new"), slot.key("u", "u1"));
    }
}
