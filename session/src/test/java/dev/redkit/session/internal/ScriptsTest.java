package dev.redkit.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptsTest {

    static final List<LuaScript> ALL = List.of(
            RedisSessionStore.CREATE,
            RedisSessionStore.GET,
            RedisSessionStore.UPDATE,
            RedisSessionStore.ROTATE,
            RedisSessionStore.REVOKE,
            RedisSessionStore.REVOKE_ALL,
            RedisSessionStore.LIST);

    @Test
    void everyScriptLoadsAndDocumentsKeysArgvAndReturn() {
        assertThat(ALL).hasSize(7).doesNotContainNull();
        for (LuaScript script : ALL) {
            assertThat(script.name()).startsWith("dev/redkit/session/internal/").endsWith(".lua");
            assertThat(script.sha1()).hasSize(40);
            String header = script.source().substring(0, script.source().indexOf("\nlocal"));
            assertThat(header)
                    .as(script.name())
                    .contains("KEYS[1]")
                    .contains("ARGV[1]")
                    .contains("Returns");
            assertThat(header.lines()).as(script.name()).allMatch(l -> l.startsWith("--"));
        }
    }
}
