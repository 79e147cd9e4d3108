package dev.redkit.ratelimit.internal;

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

class ScriptsTest {

    private static final LuaScript LIBRARY = LuaScript.fromResource(Algorithm.class, "limiter.lua");

    @Test
    void everyScriptLoadsAndDocumentsItsInterface() {
        List<LuaScript> scripts = Algorithm.scripts();
        assertThat(LIBRARY.source())
                .startsWith("--")
                .contains("KEYS[i]")
                .contains("ARGV[1]")
                .contains("Returns")
                .contains("redis.call('TIME')");
        assertThat(scripts).hasSize(Algorithm.values().length);
        for (LuaScript s : scripts) {
            assertThat(s.sha1()).hasSize(40);
            assertThat(s.name()).startsWith("dev/redkit/ratelimit/internal/").endsWith(".lua");
            assertThat(s.source()).startsWith(LIBRARY.source() + "\n");
            String own = s.source().substring(LIBRARY.source().length() + 1);
            assertThat(own)
                    .startsWith("--")
                    .contains("KEYS[i]")
                    .contains("ARGV")
                    .contains("Returns");
            assertThat(own).contains("TTL");
            assertThat(s.source()).containsAnyOf("'PEXPIRE'", "'PX'");
        }
        for (Algorithm a : Algorithm.values()) {
            assertThat(scripts).contains(a.script());
        }
    }

    @Test
    void everyLuaResourceIsLoadedByAnAlgorithmOrIsTheirLibrary() throws IOException, URISyntaxException {
        Path dir = Path.of(Algorithm.class.getResource("gcra.lua").toURI()).getParent();
        List<String> names = Stream.concat(Algorithm.scripts().stream(), Stream.of(LIBRARY))
                .map(s -> s.name().substring(s.name().lastIndexOf('/') + 1))
                .collect(Collectors.toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lua")))
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }
}
