package dev.redkit.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import dev.redkit.leaderboard.internal.RedisLeaderboard;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Loads every script shipped next to the implementation and checks its documentation header. */
class ScriptsTest {

    @Test
    void everyScriptLoadsAndDocumentsItsKeysAndArguments() throws IOException, URISyntaxException {
        Path dir =
                Path.of(RedisLeaderboard.class.getResource("write.lua").toURI()).getParent();
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lua"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(names).containsExactly("read.lua", "remove.lua", "write.lua");
        for (String name : names) {
            LuaScript script = LuaScript.fromResource(RedisLeaderboard.class, name);
            assertThat(script.source()).startsWith("--[[").contains("KEYS[1]", "ARGV[1]", "Returns", "]]");
            assertThat(script.sha1()).hasSize(40);
            assertThat(script.name()).isEqualTo("dev/redkit/leaderboard/internal/" + name);
        }
    }
}
