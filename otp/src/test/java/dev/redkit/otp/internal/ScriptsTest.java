package dev.redkit.otp.internal;

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

/** Loads every {@code .lua} resource of the module and checks its documentation header. */
class ScriptsTest {

    static List<String> scriptNames() throws IOException, URISyntaxException {
        Path dir =
                Path.of(RedisOtpService.class.getResource("issue.lua").toURI()).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lua"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyScriptLoadsAndDocumentsKeysArgvAndReturn() throws Exception {
        List<String> names = scriptNames();
        assertThat(names).containsExactly("issue.lua", "verify.lua");
        for (String name : names) {
            LuaScript script = LuaScript.fromResource(RedisOtpService.class, name);
            assertThat(script.sha1()).hasSize(40);
            String header =
                    script.source().lines().takeWhile(l -> l.startsWith("--")).collect(Collectors.joining("\n"));
            assertThat(header).as(name).contains("KEYS[1]").contains("ARGV[1]").contains("Returns");
        }
    }
}
