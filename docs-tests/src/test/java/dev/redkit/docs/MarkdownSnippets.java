package dev.redkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the documented pages and reads the {@code ```java} blocks out of them (see {@link Snippet}). */
final class MarkdownSnippets {

    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([^\\s`]*)\\s*(.*)$");
    private static final Pattern DIRECTIVE =
            Pattern.compile("^\\s*<!--\\s*snippet\\b\\s*(?::\\s*([a-z-]+)\\s*(?:[,:]\\s*(.*?))?)?\\s*(-->)?\\s*$");

    private MarkdownSnippets() {}

    /**
     * The pages whose snippets are checked: {@code README.md} and every {@code docs/*.md}.
     *
     * @param root the repository root
     * @return the pages, relative to the root, in a stable order
     */
    static List<String> pages(Path root) {
        List<String> pages = new ArrayList<>();
        pages.add("README.md");
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName())
                    .filter(p -> p.endsWith(".md"))
                    .sorted()
                    .forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /**
     * The repository root: the nearest directory at or above the working directory that holds
     * {@code README.md} and {@code docs/}.
     *
     * @return the root
     */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md"))
                    && Files.isDirectory(d.resolve("docs"))
                    && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with README.md and docs/ at or above " + dir);
    }

    /**
     * Reads one page.
     *
     * @param root the repository root
     * @param page the page, relative to the root
     * @return its Java blocks
     */
    static List<Snippet> read(Path root, String page) {
        try {
            return parse(page, Files.readAllLines(root.resolve(page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the Java blocks of a page's text.
     *
     * @param page the page's name, for messages
     * @param lines the page's lines
     * @return its Java blocks
     * @throws IllegalArgumentException for a malformed directive, a {@code java} fence with attributes, or an
     *     unclosed fence
     */
    static List<Snippet> parse(String page, List<String> lines) {
        List<Snippet> snippets = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            String lang = open.group(3).toLowerCase(Locale.ROOT);
            int close = closingFence(lines, i + 1, fence);
            if (close < 0) {
                throw new IllegalArgumentException(page + ":" + (i + 1) + ": the code fence is never closed");
            }
            if (lang.equals("java")) {
                if (!open.group(4).isEmpty()) {
                    throw new IllegalArgumentException(page + ":" + (i + 1) + ": write '" + open.group(4)
                            + "' as a <!-- snippet: ... --> comment before the block, not after ```java");
                }
                List<String> code = new ArrayList<>();
                for (int j = i + 1; j < close; j++) {
                    code.add(unindent(lines.get(j), indent));
                }
                snippets.add(withDirective(page, lines, i, snippets.size() + 1, code));
            }
            i = close + 1;
        }
        return snippets;
    }

    private static int closingFence(List<String> lines, int from, String fence) {
        for (int j = from; j < lines.size(); j++) {
            String t = lines.get(j).strip();
            if (t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0))) {
                return j;
            }
        }
        return -1;
    }

    private static String unindent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    /** Reads the {@code <!-- snippet ... -->} comment that ends on the line before the fence at {@code fenceLine}. */
    private static Snippet withDirective(String page, List<String> lines, int fenceLine, int index, List<String> code) {
        int end = fenceLine - 1;
        if (end < 0 || !lines.get(end).strip().endsWith("-->")) {
            return new Snippet(page, index, fenceLine + 2, code, Snippet.Mode.RUN, "", List.of(), 0);
        }
        int start = end;
        while (start >= 0 && !lines.get(start).contains("<!--")) {
            start--;
        }
        if (start < 0) {
            return new Snippet(page, index, fenceLine + 2, code, Snippet.Mode.RUN, "", List.of(), 0);
        }
        Matcher m = DIRECTIVE.matcher(lines.get(start));
        if (!m.matches()) {
            if (lines.get(start).contains("snippet")) {
                throw new IllegalArgumentException(page + ":" + (start + 1)
                        + ": a snippet directive reads '<!-- snippet[: run|compile-only|skip, reason]', was: "
                        + lines.get(start).strip());
            }
            return new Snippet(page, index, fenceLine + 2, code, Snippet.Mode.RUN, "", List.of(), 0);
        }
        Snippet.Mode mode = mode(page, start, m.group(1));
        String reason = m.group(2) == null ? "" : m.group(2).strip();
        if (mode != Snippet.Mode.RUN && reason.isEmpty()) {
            throw new IllegalArgumentException(
                    page + ":" + (start + 1) + ": a " + m.group(1) + " snippet needs a reason");
        }
        List<String> hidden = new ArrayList<>();
        boolean singleLine = m.group(3) != null;
        if (!singleLine) {
            for (int j = start + 1; j < end; j++) {
                hidden.add(lines.get(j));
            }
            String last = lines.get(end).strip();
            if (!last.equals("-->")) {
                throw new IllegalArgumentException(
                        page + ":" + (end + 1) + ": put the closing --> of a snippet directive on its own line");
            }
        } else if (start != end) {
            throw new IllegalArgumentException(
                    page + ":" + (start + 1) + ": a snippet directive closed on its first line must be one line");
        }
        return new Snippet(page, index, fenceLine + 2, code, mode, reason, hidden, start + 2);
    }

    private static Snippet.Mode mode(String page, int line, String name) {
        if (name == null || name.equals("run")) {
            return Snippet.Mode.RUN;
        }
        switch (name) {
            case "compile-only":
                return Snippet.Mode.COMPILE_ONLY;
            case "skip":
                return Snippet.Mode.SKIP;
            default:
                throw new IllegalArgumentException(page + ":" + (line + 1) + ": unknown snippet mode '" + name
                        + "'; use run, compile-only or skip");
        }
    }
}
