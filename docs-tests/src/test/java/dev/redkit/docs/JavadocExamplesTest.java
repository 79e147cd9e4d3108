package dev.redkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code <pre>{@code ...}</pre>} examples in the Javadoc of the published modules name only Redkit types and
 * methods that exist: every {@code Type.method(} and {@code Type#method} whose type is a Redkit class must resolve,
 * by reflection, to a public method of that name (declared or inherited). An example that names a renamed class or
 * builder method (as {@code LuaScript}'s once named a class that did not exist) fails here. The examples are not
 * compiled as a whole: most are fragments that use the caller's variables; the Markdown pages' snippets are.
 */
class JavadocExamplesTest {

    private static final List<String> MODULES = List.of(
            "core", "embedded", "session", "otp", "ratelimit", "cache", "queue", "lock", "leaderboard", "analytics");
    private static final Pattern BLOCK = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)\\(");

    @Test
    void everyRedkitTypeAndMethodAnExampleNamesExists() throws IOException {
        Path root = repositoryRoot();
        Map<String, String> redkitTypes = new HashMap<>();
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            Path main = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(p -> p.toString().endsWith(".java")
                                && !p.getFileName().toString().contains("-info"))
                        .forEach(p -> {
                            sources.add(p);
                            String name = p.getFileName().toString().replace(".java", "");
                            redkitTypes.put(
                                    name,
                                    main.relativize(p)
                                            .toString()
                                            .replace(".java", "")
                                            .replace('/', '.'));
                        });
            }
        }
        List<String> problems = new ArrayList<>();
        int examples = 0;
        int checked = 0;
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                examples++;
                String code = block.group(1).replaceAll("(?m)^\\s*\\* ?", "");
                Matcher call = CALL.matcher(code);
                while (call.find()) {
                    String type = redkitTypes.get(call.group(1));
                    if (type == null) {
                        continue;
                    }
                    checked++;
                    if (!hasMethod(type, call.group(2))) {
                        int line = text.substring(0, block.start()).split("\n", -1).length;
                        problems.add(root.relativize(source) + ":" + line + ": " + call.group(1) + "." + call.group(2)
                                + " does not exist");
                    }
                }
            }
        }
        assertThat(examples).as("Javadoc examples found").isGreaterThan(40);
        assertThat(checked).as("calls of Redkit types checked").isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    private static boolean hasMethod(String type, String method) {
        try {
            Class<?> c = Class.forName(type);
            return Stream.concat(Arrays.stream(c.getMethods()), Arrays.stream(c.getDeclaredMethods()))
                    .map(Method::getName)
                    .anyMatch(method::equals);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs-tests"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new UncheckedIOException(
                    new IOException("no repository root above " + Path.of("").toAbsolutePath()));
        }
        return dir;
    }
}
