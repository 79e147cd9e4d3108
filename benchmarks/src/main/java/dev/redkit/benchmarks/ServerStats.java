package dev.redkit.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the Redis server did during measurement: commands executed (Lua-internal ones included, since
 * they are server work; {@code INFO} excluded), CPU seconds and bytes in and out; and the CPU seconds of the
 * benchmark's own JVM over the same interval (the client side: calling threads, the client library's threads,
 * the JMH harness, JIT and GC), so that the report shows the whole cost of an operation on a machine whose
 * cores the client and the server share. Appended per trial as
 * one JSON line to the file named by {@code -Dredkit.bench.stats} (default
 * {@code target/redis-stats.jsonl}), which {@link Report} joins with JMH's results.
 *
 * @param commands commands executed
 * @param cpuSeconds server CPU, user plus system
 * @param bytesIn bytes received by the server
 * @param bytesOut bytes sent by the server
 * @param clientCpuSeconds CPU of this JVM, user plus system
 */
public record ServerStats(long commands, double cpuSeconds, long bytesIn, long bytesOut, double clientCpuSeconds) {

    /** No work. */
    public static final ServerStats ZERO = new ServerStats(0, 0, 0, 0, 0);

    static ServerStats read(UnifiedJedis jedis) {
        long commands = 0;
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
                int at = line.indexOf("calls=") + 6;
                commands += Long.parseLong(line.substring(at, line.indexOf(',', at)));
            }
        }
        String cpu = jedis.info("cpu");
        String stats = jedis.info("stats");
        return new ServerStats(
                commands,
                field(cpu, "used_cpu_user") + field(cpu, "used_cpu_sys"),
                (long) field(stats, "total_net_input_bytes"),
                (long) field(stats, "total_net_output_bytes"),
                processCpuSeconds());
    }

    /** This JVM's CPU time so far, or 0 where the platform does not report it. */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? 0 : nanos / 1e9;
        }
        return 0;
    }

    private static double field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    ServerStats plus(ServerStats o) {
        return new ServerStats(
                commands + o.commands,
                cpuSeconds + o.cpuSeconds,
                bytesIn + o.bytesIn,
                bytesOut + o.bytesOut,
                clientCpuSeconds + o.clientCpuSeconds);
    }

    ServerStats minus(ServerStats o) {
        return new ServerStats(
                commands - o.commands,
                cpuSeconds - o.cpuSeconds,
                bytesIn - o.bytesIn,
                bytesOut - o.bytesOut,
                clientCpuSeconds - o.clientCpuSeconds);
    }

    static void append(BenchmarkParams params, ServerStats totals, long measuredNanos) {
        if (params == null) {
            return;
        }
        Map<String, String> p = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            p.put(key, params.getParam(key));
        }
        String json = "{\"benchmark\":\"" + params.getBenchmark() + "\",\"mode\":\""
                + params.getMode().shortLabel()
                + "\",\"threads\":" + params.getThreads() + ",\"params\":\""
                + p.toString().replace("\"", "'")
                + "\",\"commands\":" + totals.commands + ",\"cpuSeconds\":" + totals.cpuSeconds
                + ",\"bytesIn\":" + totals.bytesIn + ",\"bytesOut\":" + totals.bytesOut
                + ",\"clientCpuSeconds\":" + totals.clientCpuSeconds
                + ",\"measuredSeconds\":" + measuredNanos / 1e9 + "}\n";
        Path file = Path.of(System.getProperty("redkit.bench.stats", "target/redis-stats.jsonl"));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
