package dev.redkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the multi-line examples in the Javadoc of the published modules identical to regions of compiled sources.
 *
 * <p>Every {@code <pre>{@code ...}</pre>} block in the main sources of {@link #MODULES} is preceded by a marker line
 * naming its region, {@code <!-- snippet: LockSnippets#redisLock -->} (an HTML comment, so the rendered Javadoc does
 * not show it). The region is the code between {@code // region redisLock} and {@code // endregion} in
 * {@code docs-tests/src/test/java/dev/redkit/docs/javadoc/LockSnippets.java}; those files compile in this module's
 * test-compile against the real API, so an example naming a removed method fails the build, and
 * {@link #check(Path)} reports any Javadoc block that differs from its region, names a region that does not exist or
 * has no marker. Both sides are compared after stripping the Javadoc's leading {@code *}, the common indentation,
 * trailing white space and blank first or last lines. Inside {@code {@code}} nothing is escaped (the text shows
 * literally), so the only rules for a region are balanced braces and no comment terminator.
 *
 * <p>{@link #main(String[])} (or the test with {@code -Dredkit.javadoc.sync=true}) rewrites every marked Javadoc block
 * from its region, so keeping them in sync is one command (docs/CONTRIBUTING.md).
 */
final class JavadocExamples {

    /** The modules whose main-source Javadoc is checked. */
    static final List<String> MODULES = List.of(
            "core",
            "embedded",
            "session",
            "otp",
            "ratelimit",
            "cache",
            "queue",
            "lock",
            "leaderboard",
            "analytics",
            "console",
            "spring-boot-starter");

    /** Where the snippet sources live, relative to the repository root. */
    static final String SNIPPETS = "docs-tests/src/test/java/dev/redkit/docs/javadoc";

    private static final Pattern MARKER = Pattern.compile("^\\s*\\*\\s*<!-- snippet: (\\w+)#(\\w+) -->\\s*$");
    private static final Pattern OPEN = Pattern.compile("^(\\s*)\\*\\s*<pre>\\{@code\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*\\*\\s*}</pre>\\s*$");
    private static final Pattern JAVADOC_LINE = Pattern.compile("^\\s*\\* ?");
    private static final Pattern REGION = Pattern.compile("^\\s*// region (\\w+)\\s*$");
    private static final Pattern END_REGION = Pattern.compile("^\\s*// endregion\\s*$");

    private JavadocExamples() {}

    /** One {@code <pre>{@code} block: its marker (or null), and the line range of its code. */
    record Block(int preLine, String region, int firstCode, int endCode, String indent) {}

    /** What a check found: the number of examples and one message per problem. */
    record Report(int examples, List<String> problems) {}

    /**
     * Rewrites every marked block of the repository from its region.
     *
     * @param args the repository root, or nothing for the current directory's
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : repositoryRoot();
        int rewritten = sync(root);
        System.out.println(rewritten + " Javadoc files rewritten from their regions"); // a command-line tool
    }

    /** Checks every Javadoc example of the repository against the regions. */
    static Report check(Path root) throws IOException {
        Map<String, List<String>> regions = regions(root.resolve(SNIPPETS));
        List<String> problems = new ArrayList<>(regionProblems(regions));
        int examples = 0;
        for (Path source : sources(root)) {
            String name = root.relativize(source).toString();
            List<String> lines = lines(Files.readString(source));
            List<Block> blocks = blocks(name, lines, problems);
            examples += blocks.size();
            for (Block block : blocks) {
                compare(name, lines, block, regions, problems);
            }
        }
        return new Report(examples, problems);
    }

    /** Checks one source text against the given regions: the problems, empty when every example matches. */
    static List<String> check(String name, String source, Map<String, List<String>> regions) {
        List<String> problems = new ArrayList<>(regionProblems(regions));
        List<String> lines = lines(source);
        for (Block block : blocks(name, lines, problems)) {
            compare(name, lines, block, regions, problems);
        }
        return problems;
    }

    /** Rewrites the marked blocks of every source from the regions; returns how many files changed. */
    static int sync(Path root) throws IOException {
        Map<String, List<String>> regions = regions(root.resolve(SNIPPETS));
        int changed = 0;
        for (Path source : sources(root)) {
            String text = Files.readString(source);
            String synced = rewrite(text, regions);
            if (!synced.equals(text)) {
                Files.writeString(source, synced);
                changed++;
            }
        }
        return changed;
    }

    /** The source with every marked block whose region exists replaced by the region's code. */
    static String rewrite(String source, Map<String, List<String>> regions) {
        List<String> lines = lines(source);
        List<Block> blocks = blocks("", lines, new ArrayList<>());
        List<String> out = new ArrayList<>(lines);
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block block = blocks.get(i);
            List<String> code = regions.get(block.region());
            if (code == null) {
                continue;
            }
            List<String> replacement = code.stream()
                    .map(l -> l.isEmpty() ? block.indent() + "*" : block.indent() + "* " + l)
                    .collect(Collectors.toList());
            out.subList(block.firstCode(), block.endCode()).clear();
            out.addAll(block.firstCode(), replacement);
        }
        return String.join("\n", out);
    }

    /** The regions of every {@code *.java} file in the directory, keyed {@code File#region}, normalised. */
    static Map<String, List<String>> regions(Path dir) throws IOException {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String type = file.getFileName().toString().replace(".java", "");
                regions.putAll(regions(type, Files.readString(file)));
            }
        }
        return regions;
    }

    /** The regions of one snippet source, keyed {@code type#region}, normalised. */
    static Map<String, List<String>> regions(String type, String source) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        List<String> lines = lines(source);
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = REGION.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String key = type + "#" + open.group(1);
            int end = i + 1;
            while (end < lines.size() && !END_REGION.matcher(lines.get(end)).matches()) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalArgumentException(key + " has no // endregion");
            }
            if (regions.put(key, normalise(lines.subList(i + 1, end))) != null) {
                throw new IllegalArgumentException(key + " is defined twice");
            }
            i = end;
        }
        return regions;
    }

    private static List<String> regionProblems(Map<String, List<String>> regions) {
        List<String> problems = new ArrayList<>();
        regions.forEach((key, code) -> {
            String text = String.join("\n", code);
            if (text.contains("*/")) {
                problems.add(key + ": a region copied into Javadoc cannot contain */");
            }
            if (text.chars().filter(c -> c == '{').count()
                    != text.chars().filter(c -> c == '}').count()) {
                problems.add(key + ": a region copied into {@code} needs balanced braces");
            }
        });
        return problems;
    }

    private static List<Block> blocks(String name, List<String> lines, List<String> problems) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher open = OPEN.matcher(line);
            if (!open.matches()) {
                if (line.contains("<pre>{@code")) {
                    problems.add(name + ":" + (i + 1) + ": an example opens with <pre>{@code alone on its line");
                }
                if (MARKER.matcher(line).matches()
                        && (i + 1 == lines.size()
                                || !OPEN.matcher(lines.get(i + 1)).matches())) {
                    problems.add(name + ":" + (i + 1) + ": a snippet marker is not followed by <pre>{@code");
                }
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !CLOSE.matcher(lines.get(end)).matches()) {
                end++;
            }
            if (end == lines.size()) {
                problems.add(name + ":" + (i + 1) + ": an example has no closing }</pre> line");
                return blocks;
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            String region = marker != null && marker.matches() ? marker.group(1) + "#" + marker.group(2) : "";
            blocks.add(new Block(i + 1, region, i + 1, end, open.group(1)));
            i = end;
        }
        return blocks;
    }

    private static void compare(
            String name, List<String> lines, Block block, Map<String, List<String>> regions, List<String> problems) {
        String where = name + ":" + block.preLine() + ": ";
        if (block.region().isEmpty()) {
            problems.add(where + "an example has no <!-- snippet: File#region --> marker on the line before it");
            return;
        }
        List<String> region = regions.get(block.region());
        if (region == null) {
            problems.add(where + "the example names " + block.region() + ", which is no region in " + SNIPPETS);
            return;
        }
        List<String> javadoc = normalise(lines.subList(block.firstCode(), block.endCode()).stream()
                .map(l -> JAVADOC_LINE.matcher(l).replaceFirst(""))
                .collect(Collectors.toList()));
        if (!javadoc.equals(region)) {
            int at = 0;
            while (at < Math.min(javadoc.size(), region.size())
                    && javadoc.get(at).equals(region.get(at))) {
                at++;
            }
            problems.add(where + "the example differs from " + block.region() + " at its line " + (at + 1)
                    + ": Javadoc '" + (at < javadoc.size() ? javadoc.get(at) : "<end>") + "', region '"
                    + (at < region.size() ? region.get(at) : "<end>") + "'");
        }
    }

    /** Strips trailing white space, blank first and last lines, and the indentation all lines share. */
    static List<String> normalise(List<String> lines) {
        List<String> out = lines.stream().map(String::stripTrailing).collect(Collectors.toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent = out.stream()
                .filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return out.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.toList());
    }

    private static List<Path> sources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            }
        }
        return sources;
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    /** The repository root: the nearest directory above the working directory holding {@code docs-tests}. */
    static Path repositoryRoot() {
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
