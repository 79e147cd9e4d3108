package dev.redkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet checker itself: what it reads out of a page, and that it fails on a snippet that does not compile. */
class SnippetCheckerTest {

    @TempDir
    Path work;

    @Test
    void readsJavaBlocksWithTheirPageLinesAndIgnoresOtherLanguages() {
        List<Snippet> snippets = MarkdownSnippets.parse(
                "p.md",
                List.of(
                        "# Title", // 1
                        "```xml", // 2
                        "<dependency/>", // 3
                        "```", // 4
                        "- a list item:", // 5
                        "  ```java", // 6
                        "  int x = 1;", // 7
                        "  ```")); // 8
        assertThat(snippets).singleElement().satisfies(s -> {
            assertThat(s.firstLine()).isEqualTo(7);
            assertThat(s.code()).containsExactly("int x = 1;");
            assertThat(s.mode()).isEqualTo(Snippet.Mode.RUN);
            assertThat(s.location()).isEqualTo("p.md:7");
        });
    }

    @Test
    void readsDirectivesWithModeReasonAndHiddenLines() {
        List<Snippet> snippets = MarkdownSnippets.parse(
                "p.md",
                List.of(
                        "<!-- snippet: skip, a template: <m> is a module name -->",
                        "```java",
                        "module dev.redkit.<m> {}",
                        "```",
                        "<!-- snippet: compile-only, reads REDIS_URL",
                        "import java.util.Map;",
                        "Map<String, String> env = Map.of();",
                        "-->",
                        "```java",
                        "env.size();",
                        "```"));
        assertThat(snippets).hasSize(2);
        assertThat(snippets.get(0).mode()).isEqualTo(Snippet.Mode.SKIP);
        assertThat(snippets.get(0).reason()).isEqualTo("a template: <m> is a module name");
        assertThat(snippets.get(1).mode()).isEqualTo(Snippet.Mode.COMPILE_ONLY);
        assertThat(snippets.get(1).hidden())
                .containsExactly("import java.util.Map;", "Map<String, String> env = Map.of();");
        assertThat(snippets.get(1).hiddenFirstLine()).isEqualTo(6);
    }

    @Test
    void refusesAMarkerWithoutReasonAnUnknownModeAndAttributesOnTheFence() {
        assertThatThrownBy(
                        () -> MarkdownSnippets.parse("p.md", List.of("<!-- snippet: skip -->", "```java", "x", "```")))
                .hasMessageContaining("p.md:1")
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() ->
                        MarkdownSnippets.parse("p.md", List.of("<!-- snippet: ignore, old -->", "```java", "x", "```")))
                .hasMessageContaining("unknown snippet mode 'ignore'");
        assertThatThrownBy(() -> MarkdownSnippets.parse("p.md", List.of("```java no-compile", "x", "```")))
                .hasMessageContaining("p.md:1")
                .hasMessageContaining("<!-- snippet");
        assertThatThrownBy(() -> MarkdownSnippets.parse("p.md", List.of("```java", "x")))
                .hasMessageContaining("never closed");
    }

    @Test
    void tellsFragmentsFromCompilationUnits() {
        Snippet unit = MarkdownSnippets.parse(
                        "p.md",
                        List.of(
                                "```java",
                                "import java.util.List;",
                                "",
                                "@Deprecated",
                                "public final class Quick {",
                                "}",
                                "```"))
                .get(0);
        Snippet fragment = MarkdownSnippets.parse(
                        "p.md", List.of("```java", "import java.util.List;", "List<String> names = List.of();", "```"))
                .get(0);
        assertThat(unit.unitTypeName()).isEqualTo("Quick");
        assertThat(fragment.unitTypeName()).isNull();
    }

    /** The lock snippet as the README had it: the wrapper declares no checked exception, so this must fail. */
    @Test
    void reportsAnUnhandledCheckedExceptionAtItsPageLine() throws IOException {
        List<Snippet> snippets = MarkdownSnippets.parse(
                "docs/lock.md",
                List.of(
                        "```java",
                        "import dev.redkit.lock.Lease;",
                        "import dev.redkit.lock.RedisLock;",
                        "import java.time.Duration;",
                        "RedisLock locks = RedisLock.builder(connector, \"orders\").build();",
                        "try (Lease lease = locks.acquire(\"withdraw\", Duration.ofSeconds(5))) {",
                        "    lease.fencingToken();",
                        "}",
                        "```"));
        try (SnippetCompiler compiler = new SnippetCompiler(work)) {
            SnippetCompiler.Result result = compiler.compile(SnippetCompiler.source(snippets.get(0)));
            assertThat(result.compiled()).isFalse();
            assertThat(result.errors())
                    .anySatisfy(e ->
                            assertThat(e).startsWith("docs/lock.md:6: ").contains("java.lang.InterruptedException"));
        }
    }

    @Test
    void aBrokenBlockInABatchFailsAloneAndTheOthersStillCompile() throws Exception {
        List<Snippet> snippets = MarkdownSnippets.parse(
                "docs/p.md",
                List.of(
                        "```java",
                        "int ok = 1;",
                        "```",
                        "```java",
                        "int broken = \"text\";",
                        "```",
                        "```java",
                        "import java.util.List;",
                        "",
                        "class Listed { List<String> names = List.of(); }",
                        "```"));
        try (SnippetCompiler compiler = new SnippetCompiler(work)) {
            List<SnippetCompiler.Result> results = compiler.compileAll(
                    snippets.stream().map(SnippetCompiler::source).toList());
            assertThat(results).extracting(SnippetCompiler.Result::compiled).containsExactly(true, false, true);
            assertThat(results.get(1).errors())
                    .singleElement()
                    .asString()
                    .startsWith("docs/p.md:5: incompatible types");
            assertThat(compiler.load(results.get(2).source()).getName()).isEqualTo("snippets.docs_p_3.Listed");
        }
    }

    @Test
    void compilesACompleteFragmentAndLoadsIt() throws Exception {
        Snippet s = MarkdownSnippets.parse(
                        "docs/p.md",
                        List.of(
                                "<!-- snippet",
                                "import java.util.List;",
                                "List<String> given = List.of(\"a\");",
                                "-->",
                                "```java",
                                "import java.util.ArrayList;",
                                "",
                                "List<String> copy = new ArrayList<>(given);",
                                "```"))
                .get(0);
        try (SnippetCompiler compiler = new SnippetCompiler(work)) {
            SnippetCompiler.Source source = SnippetCompiler.source(s);
            assertThat(compiler.compile(source).errors()).isEmpty();
            assertThat(compiler.load(source).getName()).isEqualTo("snippets.docs_p_1.Snippet");
        }
    }
}
