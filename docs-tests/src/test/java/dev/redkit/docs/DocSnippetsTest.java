package dev.redkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.Topology;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Every {@code ```java} block of {@code README.md} and {@code docs/*.md} compiles, and the runnable ones run on
 * the embedded Redis of this run (standalone, then a 3-master Cluster): a fragment runs with a connector of its
 * own key prefix, a class with {@code main} gets the server's URL as {@code args[0]}, a JUnit test class runs
 * in a nested JUnit launcher. See {@link Snippet} for the directive that marks a block compile-only or skipped.
 */
@RedisTest
class DocSnippetsTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static SnippetCompiler compiler;

    @AfterAll
    static void closeCompiler() throws IOException {
        if (compiler != null) {
            compiler.close();
        }
    }

    @TestFactory
    List<DynamicNode> everyJavaSnippetCompilesAndRuns(RedisTestContext ctx) {
        Path root = MarkdownSnippets.repositoryRoot();
        compiler = new SnippetCompiler(
                Path.of("target", "doc-snippets", ctx.topology().name().toLowerCase(Locale.ROOT)));
        Map<String, List<Snippet>> byPage = new LinkedHashMap<>();
        MarkdownSnippets.pages(root).forEach(page -> byPage.put(page, MarkdownSnippets.read(root, page)));
        List<SnippetCompiler.Source> sources = byPage.values().stream()
                .flatMap(List::stream)
                .filter(s -> s.mode() != Snippet.Mode.SKIP)
                .map(SnippetCompiler::source)
                .collect(Collectors.toList());
        Map<Snippet, SnippetCompiler.Result> compiled = new HashMap<>();
        compiler.compileAll(sources).forEach(r -> compiled.put(r.source().snippet(), r));
        List<DynamicNode> pages = new ArrayList<>();
        byPage.forEach((page, snippets) -> {
            if (!snippets.isEmpty()) {
                pages.add(DynamicContainer.dynamicContainer(
                        page,
                        snippets.stream()
                                .map(s -> DynamicTest.dynamicTest(
                                        s.displayName(), () -> check(s, compiled.get(s), ctx)))));
            }
        });
        return pages;
    }

    /** Guards the guard: a parser that found nothing would pass every page. */
    @Test
    void findsTheSnippets() {
        Path root = MarkdownSnippets.repositoryRoot();
        long count = MarkdownSnippets.pages(root).stream()
                .mapToLong(p -> MarkdownSnippets.read(root, p).size())
                .sum();
        assertThat(count).as("Java blocks found in README.md and docs/*.md").isGreaterThanOrEqualTo(10);
        assertThat(MarkdownSnippets.read(root, "README.md"))
                .as("the README's quick start")
                .isNotEmpty();
        assertThat(MarkdownSnippets.read(root, "docs/embedded.md"))
                .as("the test set-up of docs/embedded.md")
                .anySatisfy(s -> assertThat(s.code()).contains("@RedisTest"));
        for (String module : List.of(
                "core",
                "embedded",
                "session",
                "otp",
                "ratelimit",
                "cache",
                "queue",
                "lock",
                "leaderboard",
                "analytics")) {
            assertThat(MarkdownSnippets.read(root, "docs/" + module + ".md"))
                    .as("the quick start of docs/%s.md", module)
                    .anySatisfy(s -> assertThat(s.mode()).isNotEqualTo(Snippet.Mode.SKIP));
        }
    }

    /** The README is the five-minute overview; the reference lives in docs/ (issue 21: under 20 KB). */
    @Test
    void theReadmeStaysShort() throws IOException {
        assertThat(Files.size(MarkdownSnippets.repositoryRoot().resolve("README.md")))
                .as("README.md bytes")
                .isLessThan(20_000);
    }

    /**
     * The {@code @RedisTest} snippet docs/embedded.md had (with the imports it lacked): it compiled, but its
     * counter saw nothing, so running it, as this test does with every JUnit snippet, fails.
     */
    @Test
    void aTestSnippetThatFailsItsOwnAssertionFailsTheBuild(@TempDir Path work) throws Exception {
        Snippet old = MarkdownSnippets.parse(
                        "docs/embedded.md",
                        List.of(
                                "```java",
                                "import static org.assertj.core.api.Assertions.assertThat;",
                                "import dev.redkit.core.RedisConnector;",
                                "import dev.redkit.embedded.junit.CommandCounter;",
                                "import dev.redkit.embedded.junit.RedisTest;",
                                "import dev.redkit.embedded.junit.RedisTestContext;",
                                "import org.junit.jupiter.api.Test;",
                                "@RedisTest",
                                "class CheckoutTest {",
                                "    @Test void works(RedisConnector redis, RedisTestContext ctx) {",
                                "        try (CommandCounter rt = ctx.commandCounter()) { /* ... */ assertThat(rt.total()).isEqualTo(1); }",
                                "    }",
                                "}",
                                "```"))
                .get(0);
        try (SnippetCompiler own = new SnippetCompiler(work)) {
            SnippetCompiler.Result result = own.compile(SnippetCompiler.source(old));
            assertThat(result.errors()).isEmpty();
            Class<?> type = own.load(result.source());
            assertThatThrownBy(() -> runTests(old, type))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("docs/embedded.md:2")
                    .hasMessageContaining("expected: 1L")
                    .hasMessageContaining("but was: 0L");
        }
    }

    private static void check(Snippet s, SnippetCompiler.Result result, RedisTestContext ctx) throws Exception {
        if (s.mode() == Snippet.Mode.SKIP) {
            return;
        }
        if (!result.compiled()) {
            fail(s.location()
                    + " does not compile (mark a block that must not with <!-- snippet: skip, reason -->):\n  "
                    + String.join("\n  ", result.errors()) + "\n--- generated source ---\n"
                    + numbered(result.source().text()));
        }
        if (s.mode() == Snippet.Mode.COMPILE_ONLY) {
            return;
        }
        Class<?> type = compiler.load(result.source());
        // a key prefix of its own; the connector is made here because the context belongs to the test's thread
        String prefix = "doc" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        RedisConnector connector = ctx.newConnector(b -> b.keyPrefix(prefix));
        String url = url(ctx.config(), prefix);
        assertTimeoutPreemptively(
                RUN_TIMEOUT,
                () -> run(s, type, connector, url),
                () -> s.location() + " ran longer than " + RUN_TIMEOUT);
    }

    private static void run(Snippet s, Class<?> type, RedisConnector connector, String url) throws Exception {
        try {
            if (s.unitTypeName() == null) {
                var constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                Method method = type.getDeclaredMethod("run", RedisConnector.class);
                method.setAccessible(true);
                method.invoke(constructor.newInstance(), connector);
                return;
            }
            Method main = mainMethod(type);
            if (main != null) {
                main.setAccessible(true);
                main.invoke(null, (Object) new String[] {url});
                return;
            }
            if (hasTests(type)) {
                runTests(s, type);
            }
        } catch (InvocationTargetException e) {
            throw new AssertionError(s.location() + " threw " + e.getCause(), e.getCause());
        }
    }

    private static Method mainMethod(Class<?> type) {
        try {
            Method main = type.getDeclaredMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) ? main : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean hasTests(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .anyMatch(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class));
    }

    private static void runTests(Snippet s, Class<?> type) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(type))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        String failures = summary.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .collect(Collectors.joining("\n  "));
        assertThat(summary.getTestsSucceededCount())
                .as(
                        "%s: tests of %s that passed (found %d, failed %d)\n  %s",
                        s.location(),
                        type.getSimpleName(),
                        summary.getTestsFoundCount(),
                        summary.getTotalFailureCount(),
                        failures)
                .isPositive()
                .isEqualTo(summary.getTestsFoundCount());
    }

    /** The URL of this run's server, as a reader would pass it to a main. */
    static String url(RedisConfig config, String keyPrefix) {
        String hosts = config.endpoints().stream().map(RedisEndpoint::toString).collect(Collectors.joining(","));
        String scheme = config.topology() == Topology.CLUSTER ? "redis+cluster" : "redis";
        return scheme + "://" + hosts + "?keyPrefix=" + keyPrefix;
    }

    private static String numbered(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }
}
