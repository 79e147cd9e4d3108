package dev.redkit.docs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown page, with the snippet directive written before it (if any).
 *
 * <p>A block is either a <em>compilation unit</em> (its first line after the imports declares a class, record,
 * interface or enum, possibly annotated) or a <em>fragment</em>: imports, then statements, which the test wraps
 * into a method that gets a {@code RedisConnector connector} parameter. The optional directive is an HTML
 * comment ending on the line right before the fence:
 * <pre>
 * &lt;!-- snippet: compile-only, why it cannot run here
 * import java.util.Map;                         (hidden imports)
 * Map&lt;String, String&gt; response = Map.of();     (hidden class-level declarations the block uses)
 * --&gt;
 * </pre>
 * The mode is {@code run} (the default; a fragment runs, a unit runs its {@code main} or its JUnit tests),
 * {@code compile-only} or {@code skip}; the last two need a reason.
 *
 * @param page the page, relative to the repository root, for example {@code docs/lock.md}
 * @param index the block's number on its page, from 1
 * @param firstLine the page line (from 1) of the block's first code line
 * @param code the code lines, with the fence's indentation removed
 * @param mode what the test does with the block
 * @param reason why a block is not run, or empty
 * @param hidden the directive's hidden lines (imports and class-level declarations)
 * @param hiddenFirstLine the page line of the first hidden line
 */
record Snippet(
        String page,
        int index,
        int firstLine,
        List<String> code,
        Mode mode,
        String reason,
        List<String> hidden,
        int hiddenFirstLine) {

    private static final Pattern TYPE_START = Pattern.compile(
            "^(@[A-Za-z][\\w.]*(\\(.*\\))?\\s*)*((public|final|abstract|sealed|non-sealed)\\s+)*(class|record|interface|enum)\\s+(\\w+).*");

    private static final Pattern ANNOTATION_LINE = Pattern.compile("^(@[A-Za-z][\\w.]*(\\(.*\\))?\\s*)+$");

    /** What the test does with a block. */
    enum Mode {
        /** Compile it and run it when it is runnable. */
        RUN,
        /** Compile it only. */
        COMPILE_ONLY,
        /** Neither compile nor run it. */
        SKIP
    }

    Snippet {
        code = List.copyOf(code);
        hidden = List.copyOf(hidden);
    }

    /** @return where the block starts, as {@code docs/lock.md:23} */
    String location() {
        return page + ":" + firstLine;
    }

    /** @return a name for the test report, under the page's name */
    String displayName() {
        return "block " + index + ", line " + firstLine
                + (mode == Mode.RUN ? "" : " (" + modeName() + ": " + reason + ")");
    }

    private String modeName() {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @return a Java package name unique to this block, such as {@code snippets.docs_lock_2} */
    String packageName() {
        return "snippets."
                + page.replaceAll("\\.md$", "").replaceAll("[^A-Za-z0-9]", "_").toLowerCase(java.util.Locale.ROOT) + "_"
                + index;
    }

    /**
     * The name of the block's first top-level type when it is a compilation unit.
     *
     * @return the type name, or {@code null} for a fragment
     */
    String unitTypeName() {
        for (String line : code) {
            String t = line.strip();
            if (t.isEmpty()
                    || t.startsWith("import ")
                    || t.startsWith("//")
                    || t.startsWith("/*")
                    || t.startsWith("*")
                    || (line.startsWith("@") && ANNOTATION_LINE.matcher(t).matches())) {
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                return null;
            }
            Matcher m = TYPE_START.matcher(t);
            return m.matches() ? m.group(6) : null;
        }
        return null;
    }
}
