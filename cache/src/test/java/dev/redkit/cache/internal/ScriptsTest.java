package dev.redkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptsTest {

    @Test
    void everyScriptLoadsAndDocumentsKeysArgvAndReply() {
        List<LuaScript> scripts =
                List.of(GetPath.ACQUIRE, GetPath.STORE, GetPath.RELEASE, RedisReadThroughCache.INVALIDATE);
        assertThat(scripts).allSatisfy(s -> {
            assertThat(s.sha1()).hasSize(40);
            assertThat(s.source())
                    .startsWith("--")
                    .contains("KEYS[1]")
                    .contains("ARGV[1]")
                    .contains("Returns");
        });
        assertThat(scripts.stream().map(LuaScript::name)).allMatch(n -> n.startsWith("dev/redkit/cache/internal/"));
    }
}
