package dev.redkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Turns a {@link Snippet} into a Java source file and compiles it in-process with {@link JavaCompiler} against
 * this JVM's class path, reporting errors at the Markdown line they come from.
 *
 * <p>A fragment becomes
 * <pre>{@code
 * package snippets.<page>_<n>;
 * <the block's imports, then the directive's hidden imports>
 * final class Snippet {
 *     <the directive's hidden declarations>
 *     void run(dev.redkit.core.RedisConnector connector) {
 *         <the block's statements>
 *     }
 * }
 * }</pre>
 * The method declares no checked exception, so a snippet that leaves one unhandled does not compile, as it
 * would not in the reader's code. A compilation unit gets only the package line, and the hidden lines go after it.
 */
final class SnippetCompiler implements AutoCloseable {

    /** The class a fragment is wrapped into. */
    static final String FRAGMENT_CLASS = "Snippet";

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files;
    private final Path sourceDir;
    private final Path classDir;
    private final String classPath;
    private final URLClassLoader loader;

    /**
     * @param workDir where generated sources and classes go (sources stay there for a reader to inspect)
     */
    SnippetCompiler(Path workDir) {
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the docs tests on a JDK, not a JRE");
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        this.sourceDir = workDir.resolve("src");
        this.classDir = workDir.resolve("classes");
        this.classPath = System.getProperty("java.class.path");
        try {
            Files.createDirectories(sourceDir);
            Files.createDirectories(classDir);
            this.loader =
                    new URLClassLoader(new URL[] {classDir.toUri().toURL()}, SnippetCompiler.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A generated source: its text and, per line, the page line it came from (0 for generated lines). */
    record Source(Snippet snippet, String typeName, String text, int[] pageLines) {

        /** @return the binary name of the class to load */
        String className() {
            return snippet.packageName() + "." + typeName;
        }
    }

    /** The outcome of compiling one snippet. */
    record Result(Source source, List<String> errors) {

        boolean compiled() {
            return errors.isEmpty();
        }
    }

    /**
     * Wraps a block into a compilable source.
     *
     * @param s the block
     * @return the source
     */
    static Source source(Snippet s) {
        List<String> out = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        out.add("package " + s.packageName() + ";");
        map.add(0);
        int bodyStart = importSectionEnd(s.code());
        for (int i = 0; i < bodyStart; i++) {
            out.add(s.code().get(i));
            map.add(s.firstLine() + i);
        }
        List<Integer> hiddenDecls = new ArrayList<>();
        for (int i = 0; i < s.hidden().size(); i++) {
            String line = s.hidden().get(i);
            if (line.strip().startsWith("import ")) {
                out.add(line);
                map.add(s.hiddenFirstLine() + i);
            } else {
                hiddenDecls.add(i);
            }
        }
        String unitType = s.unitTypeName();
        if (unitType != null) {
            for (int i = bodyStart; i < s.code().size(); i++) {
                out.add(s.code().get(i));
                map.add(s.firstLine() + i);
            }
            for (int i : hiddenDecls) {
                out.add(s.hidden().get(i));
                map.add(s.hiddenFirstLine() + i);
            }
            return new Source(
                    s,
                    unitType,
                    String.join("\n", out) + "\n",
                    map.stream().mapToInt(Integer::intValue).toArray());
        }
        out.add("final class " + FRAGMENT_CLASS + " {");
        map.add(0);
        for (int i : hiddenDecls) {
            out.add("    " + s.hidden().get(i));
            map.add(s.hiddenFirstLine() + i);
        }
        out.add("    void run(dev.redkit.core.RedisConnector connector) {");
        map.add(0);
        for (int i = bodyStart; i < s.code().size(); i++) {
            out.add("        " + s.code().get(i));
            map.add(s.firstLine() + i);
        }
        out.add("    }");
        map.add(0);
        out.add("}");
        map.add(0);
        return new Source(
                s,
                FRAGMENT_CLASS,
                String.join("\n", out) + "\n",
                map.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The index of the first line after the leading imports (blank and comment lines among them included). */
    private static int importSectionEnd(List<String> code) {
        int end = 0;
        for (int i = 0; i < code.size(); i++) {
            String t = code.get(i).strip();
            if (t.startsWith("import ")) {
                end = i + 1;
            } else if (!(t.isEmpty() || t.startsWith("//"))) {
                break;
            }
        }
        return end;
    }

    /**
     * Compiles blocks in one compiler run (fast), or, when any of them has an error, each on its own, so that
     * every block's errors are its own and the others still compile.
     *
     * @param sources the generated sources
     * @return one result per source, in the same order
     */
    List<Result> compileAll(List<Source> sources) {
        List<Path> paths = sources.stream().map(this::write).collect(Collectors.toList());
        List<Diagnostic<? extends JavaFileObject>> errors = run(paths);
        if (errors.isEmpty()) {
            return sources.stream().map(src -> new Result(src, List.of())).collect(Collectors.toList());
        }
        return sources.stream().map(this::compile).collect(Collectors.toList());
    }

    /**
     * Compiles one block on its own.
     *
     * @param source the generated source
     * @return the errors, each as {@code page:line: message}, empty when it compiled
     */
    Result compile(Source source) {
        List<String> errors = run(List.of(write(source))).stream()
                .map(d -> describe(source, d))
                .collect(Collectors.toList());
        return new Result(source, errors);
    }

    private Path write(Source source) {
        Path dir = sourceDir.resolve(source.snippet().packageName().replace('.', '/'));
        Path file = dir.resolve(source.typeName() + ".java");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, source.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private List<Diagnostic<? extends JavaFileObject>> run(List<Path> files) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "--release",
                "17",
                "-proc:none",
                "-implicit:none",
                "-Xlint:none",
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-classpath",
                classPath,
                "-d",
                classDir.toString());
        javac.getTask(null, this.files, diagnostics, options, null, this.files.getJavaFileObjectsFromPaths(files))
                .call();
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .collect(Collectors.toList());
    }

    private static String describe(Source source, Diagnostic<? extends JavaFileObject> d) {
        long line = d.getLineNumber();
        int pageLine = line >= 1 && line <= source.pageLines().length ? source.pageLines()[(int) line - 1] : 0;
        String where = pageLine > 0
                ? source.snippet().page() + ":" + pageLine
                : source.snippet().location() + " (generated line " + line + " of " + source.typeName() + ".java)";
        return where + ": " + d.getMessage(Locale.ROOT);
    }

    /**
     * Loads a compiled snippet's class.
     *
     * @param source the source it was compiled from
     * @return the class
     * @throws ClassNotFoundException if it was not compiled
     */
    Class<?> load(Source source) throws ClassNotFoundException {
        return Class.forName(source.className(), true, loader);
    }

    @Override
    public void close() throws IOException {
        files.close();
        loader.close();
    }
}
