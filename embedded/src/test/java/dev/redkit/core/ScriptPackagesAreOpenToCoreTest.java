package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link LuaScript#fromResource} reads a script from the component's module, which on the module path only
 * works when the component opens the script's package to {@code dev.redkit.core}. Tests run on the class
 * path, where a missing {@code opens} goes unnoticed (it did in cache, queue, ratelimit, leaderboard and
 * analytics), so this checks every module's descriptor against the scripts it ships.
 */
class ScriptPackagesAreOpenToCoreTest {

    @Test
    void everyModuleWithScriptsOpensTheirPackageToCore() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> checked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("src/main/java/module-info.java")))
                    .toList()) {
                Path scripts = module.resolve("src/main/resources/dev/redkit");
                if (!Files.isDirectory(scripts)) {
                    continue;
                }
                String descriptor = Files.readString(module.resolve("src/main/java/module-info.java"))
                        .replaceAll("\\s+", " ");
                try (Stream<Path> files = Files.walk(scripts)) {
                    for (Path lua :
                            files.filter(f -> f.toString().endsWith(".lua")).toList()) {
                        String pkg = scripts.getParent()
                                .getParent()
                                .relativize(lua.getParent())
                                .toString()
                                .replace('/', '.');
                        String opens = "opens " + pkg + " to dev.redkit.core;";
                        checked.add(pkg);
                        if (!descriptor.contains(opens)) {
                            missing.add(module.getFileName() + ": " + opens);
                        }
                    }
                }
            }
        }
        assertThat(checked)
                .as("script packages found")
                .contains("dev.redkit.lock.internal", "dev.redkit.queue.internal");
        assertThat(missing).as("module-info.java lines missing").isEmpty();
    }
}
