package dev.redkit.embedded.junit;

import dev.redkit.embedded.EmbeddedRedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts the commands clients sent to the data nodes since it was created: the round trips a test wants
 * to assert. It watches every node with {@code MONITOR}, so commands that a Lua script runs inside
 * Redis are not counted (they are not round trips) while {@code EVALSHA}, {@code EVAL} and every plain
 * or pipelined command are. The commands scripts ran are counted apart, in {@link #scriptDelta()}: the
 * Redis work a test wants to bound.
 * <!-- snippet: EmbeddedSnippets#commandCounter -->
 * <pre>{@code
 * try (CommandCounter counter = ctx.commandCounter()) {
 *     sessions.get(token);
 *     assertThat(counter.delta()).containsExactly(entry("evalsha", 1L));
 * }
 * }</pre>
 * Connection housekeeping ({@code INFO}, {@code CLUSTER}, {@code PING}, {@code HELLO}, {@code CLIENT},
 * {@code AUTH}, {@code SELECT}) is not counted. Each reading first waits until every node's monitor has
 * caught up, so it includes all commands answered before the call. Thread-safe.
 */
public final class CommandCounter implements AutoCloseable {

    private static final List<String> IGNORED =
            List.of("info", "cluster", "ping", "client", "hello", "auth", "select", "echo");

    private final List<Monitor> monitors = new ArrayList<>();

    CommandCounter(List<EmbeddedRedis> nodes) {
        try {
            for (EmbeddedRedis node : nodes) {
                monitors.add(new Monitor(node));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Commands of one kind sent so far.
     *
     * @param command the command, any case, for example {@code evalsha}
     * @return the count
     */
    public long count(String command) {
        return delta().getOrDefault(command.toLowerCase(Locale.ROOT), 0L);
    }

    /**
     * All commands sent so far, housekeeping excepted.
     *
     * @return the count
     */
    public long total() {
        return delta().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The per-command counts so far.
     *
     * @return lower-case command name to count, only non-zero entries
     */
    public Map<String, Long> delta() {
        Map<String, Long> sum = new HashMap<>();
        for (Monitor m : monitors) {
            m.sync();
            m.counts.forEach((cmd, n) -> sum.merge(cmd, n, Long::sum));
        }
        IGNORED.forEach(sum::remove);
        return sum;
    }

    /**
     * The per-command counts of the commands Lua scripts ran inside Redis so far (for example
     * {@code time}, {@code get}, {@code set}); each also counted once in the {@code evalsha} of
     * {@link #delta()}.
     *
     * @return lower-case command name to count, only non-zero entries
     */
    public Map<String, Long> scriptDelta() {
        Map<String, Long> sum = new HashMap<>();
        for (Monitor m : monitors) {
            m.sync();
            m.scriptCounts.forEach((cmd, n) -> sum.merge(cmd, n, Long::sum));
        }
        return sum;
    }

    /**
     * All commands Lua scripts ran inside Redis so far.
     *
     * @return the count
     */
    public long scriptTotal() {
        return scriptDelta().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Stops watching. */
    @Override
    public void close() {
        monitors.forEach(Monitor::close);
    }

    /** One MONITOR connection and a control connection for barriers. */
    private static final class Monitor {
        private final Socket monitor;
        private final Socket control;
        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final Map<String, Long> scriptCounts = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> barriers = new ConcurrentHashMap<>();
        private final Thread reader;

        Monitor(EmbeddedRedis node) {
            try {
                monitor = new Socket(node.host(), node.port());
                control = new Socket(node.host(), node.port());
                monitor.setSoTimeout(0);
                control.setSoTimeout(5000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
                send(monitor, "MONITOR");
                String ok = in.readLine();
                if (!"+OK".equals(ok)) {
                    throw new IllegalStateException("MONITOR refused: " + ok);
                }
                reader = new Thread(() -> read(in), "redkit-monitor-" + node.port());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot monitor redis on port " + node.port(), e);
            }
        }

        private void read(BufferedReader in) {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    int bracketEnd = line.indexOf("] \"");
                    if (bracketEnd < 0) {
                        continue;
                    }
                    int bracketStart = line.indexOf('[');
                    int nameStart = bracketEnd + 3;
                    int nameEnd = line.indexOf('"', nameStart);
                    String name = line.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
                    if (line.substring(bracketStart, bracketEnd).endsWith("lua")) {
                        scriptCounts.merge(name, 1L, Long::sum);
                        continue;
                    }
                    if (name.equals("echo")) {
                        int argStart = line.indexOf('"', nameEnd + 1);
                        if (argStart > 0) {
                            String arg = line.substring(argStart + 1, line.indexOf('"', argStart + 1));
                            CountDownLatch latch = barriers.remove(arg);
                            if (latch != null) {
                                latch.countDown();
                            }
                        }
                        continue;
                    }
                    counts.merge(name, 1L, Long::sum);
                }
            } catch (IOException e) {
                // closed
            }
        }

        void sync() {
            String marker = "redkit-barrier-" + UUID.randomUUID();
            CountDownLatch latch = new CountDownLatch(1);
            barriers.put(marker, latch);
            try {
                send(control, "ECHO", marker);
                control.getInputStream().read(new byte[256]);
                if (!latch.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("MONITOR did not catch up within 5 s");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private static void send(Socket socket, String... args) throws IOException {
            StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void close() {
            try {
                monitor.close();
                control.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
