package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: no {@code synchronized} block or method of Redkit's main sources makes a Redis call (a monitor held
 * across a blocking call pins a virtual thread's carrier on JDK 21 and makes every other caller queue behind the
 * round trip). Scans the library modules and the example app; {@code embedded} (test servers, whose lifecycle
 * methods manage processes under their monitor) and {@code benchmarks} are not shipped to applications. Wait with
 * a {@link java.util.concurrent.locks.ReentrantLock} or restructure instead. The check is textual: a body that
 * names the {@link RedisOps} seam, a Jedis client, a script call or an executor's {@code execute} counts as a Redis
 * call; a method that calls Redis further down is not seen, so review new monitors too.
 */
class NoMonitorAcrossRedisCallsTest {

    /** Modules whose main sources are checked. */
    private static final List<String> MODULES = List.of(
            "core",
            "session",
            "otp",
            "ratelimit",
            "cache",
            "queue",
            "lock",
            "leaderboard",
            "analytics",
            "console",
            "examples");

    /** Known exceptions, file (relative to the repository) to reason; a listed file may also be clean. */
    private static final Map<String, String> KNOWN = Map.of();

    private static final Pattern SYNCHRONIZED = Pattern.compile("\\bsynchronized\\b");
    private static final Pattern REDIS_CALL = Pattern.compile(
            "\\bops\\s*(\\(\\s*\\))?\\s*\\.|\\bjedis\\b|\\.execute(Acknowledged)?\\s*\\(|\\.pipeline\\s*\\("
                    + "|\\.subscribe\\s*\\(|\\.publish\\s*\\(|[a-z]Script\\s*\\(|\\.call\\s*\\(");

    @Test
    void noMonitorIsHeldAcrossARedisCall() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).exists();
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    files++;
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    if (KNOWN.containsKey(relative)) {
                        continue;
                    }
                    for (String body : monitorBodiesCallingRedis(read(file))) {
                        found.add(relative + ": synchronized { " + body.strip().replaceAll("\\s+", " ") + " }");
                    }
                }
            }
        }
        assertThat(files).as("main source files scanned").isGreaterThan(100);
        assertThat(found).as("synchronized blocks or methods that call Redis").isEmpty();
    }

    @Test
    void theScanFindsTheMonitorLeaseReleaseHeldAcrossItsRoundTripBeforeIssue25() {
        String before = "public ReleaseOutcome release() {\n"
                + "    synchronized (releasing) {\n"
                + "        if (outcome != null) { return outcome; } // a } in a comment\n"
                + "        ReleaseOutcome result = locks.releaseScript(target, value, \"}\");\n"
                + "        return result;\n"
                + "    }\n"
                + "}\n"
                + "synchronized long size() { return Replies.asLong(ops.execute(RedisCommand.of(\"DBSIZE\"))); }\n"
                + "synchronized void clear() { entries.clear(); }\n";
        assertThat(monitorBodiesCallingRedis(before)).hasSize(2);
        assertThat(monitorBodiesCallingRedis("synchronized (state) { task = locks.schedule(this::renew, 10); }"))
                .isEmpty();
    }

    /** The bodies of the {@code synchronized} blocks and methods of a source text that make a Redis call. */
    static List<String> monitorBodiesCallingRedis(String source) {
        String code = stripCommentsAndLiterals(source);
        List<String> bodies = new ArrayList<>();
        Matcher m = SYNCHRONIZED.matcher(code);
        while (m.find()) {
            int open = code.indexOf('{', m.end());
            int semicolon = code.indexOf(';', m.end());
            if (open < 0 || (semicolon >= 0 && semicolon < open)) {
                continue; // an abstract or interface declaration
            }
            int depth = 0;
            int end = open;
            for (; end < code.length(); end++) {
                char c = code.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String body = code.substring(open + 1, Math.min(end, code.length()));
            if (REDIS_CALL.matcher(body).find()) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    /** Blanks comments, string and character literals, keeping the rest in place. */
    static String stripCommentsAndLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? s.length() : close + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int close = s.indexOf("\"\"\"", i + 3);
                i = close < 0 ? s.length() : close + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
