package dev.redkit.lock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Loads every Lua script of the module (no Redis needed). */
class LockScriptsTest {

    @Test
    void everyScriptLoadsAndDocumentsItsInterface() throws IOException, URISyntaxException {
        Path dir =
                Path.of(RedisLockImpl.class.getResource("acquire.lua").toURI()).getParent();
        List<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lua"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(files).containsExactly("acquire.lua", "extend.lua", "release.lua");
        for (String file : files) {
            LuaScript script = LuaScript.fromResource(RedisLockImpl.class, file);
            assertThat(script.name()).isEqualTo("dev/redkit/lock/internal/" + file);
            assertThat(script.sha1()).hasSize(40);
            assertThat(script.source())
                    .startsWith("--")
                    .contains("KEYS[1]")
                    .contains("ARGV[1]")
                    .contains("Returns:");
        }
        assertThat(List.of(RedisLockImpl.ACQUIRE, RedisLockImpl.RELEASE, RedisLockImpl.EXTEND))
                .extracting(LuaScript::name)
                .containsExactly(
                        "dev/redkit/lock/internal/acquire.lua",
                        "dev/redkit/lock/internal/release.lua",
                        "dev/redkit/lock/internal/extend.lua");
    }
}
