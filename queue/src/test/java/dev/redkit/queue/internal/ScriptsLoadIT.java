package dev.redkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every script compiles on a real server ({@code SCRIPT LOAD} answers with the SHA1 Redkit computed). */
@RedisTest
class ScriptsLoadIT {

    @Test
    void everyScriptCompilesOnTheServer(RedisConnector redis, RedisTestContext ctx) {
        String anyKey = redis.keySpace("queue", "load").nameSlot().key("ready");
        for (LuaScript s : QueueImpl.SCRIPTS) {
            Object sha = ctx.raw(anyKey, "SCRIPT", "LOAD", s.source());
            assertThat(new String((byte[]) sha, StandardCharsets.US_ASCII))
                    .as(s.name())
                    .isEqualTo(s.sha1());
        }
    }
}
