package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.internal.RedisAnalytics;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.RedisTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@RedisTest
class ScriptsIT {

    @Test
    void everyScriptLoadsCompilesAndDocumentsItsContract(RedisConnector redis) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/redkit/analytics/internal"))) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lua"))
                    .sorted()
                    .toList();
        }
        assertThat(names).containsExactly("admit.lua", "track.lua", "union_count.lua");
        for (String name : names) {
            LuaScript script = LuaScript.fromResource(RedisAnalytics.class, name);
            assertThat(script.source())
                    .startsWith("--")
                    .contains("KEYS")
                    .contains("ARGV")
                    .contains("Returns");
            Object sha = redis.ops()
                    .execute(RedisCommand.builder("SCRIPT")
                            .arg("LOAD")
                            .arg(script.source())
                            .build());
            assertThat(Replies.asString(sha)).as(name).isEqualTo(script.sha1());
        }
    }
}
