package dev.redkit.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH JSON results and the {@link ServerStats} file into {@code docs/BENCHMARKS.md}.
 *
 * <p>Benchmark methods follow a naming convention: a variant prefix ({@code redkit}, {@code jedis} for
 * the raw floor, {@code redisson}, {@code bucket4j}) followed by the operation ({@code redkitGet},
 * {@code jedisGet}). Rows pair the variants of one operation at one thread count and parameter set, and
 * show throughput, the ratio to the floor and to Redisson/Bucket4j, p50/p99 latency and the Redis
 * commands, CPU and bytes per operation. A sample-mode run gives both latency and throughput (each
 * thread runs a closed loop, so throughput is threads / mean latency); a throughput-mode run, when
 * present, is preferred for the throughput column.
 *
 * <p>Before/after: with {@code -Dredkit.bench.baseline=docs/BENCHMARKS.md} (what {@code run.sh} passes: the
 * committed report, read before it is overwritten) each row also shows that report's throughput, ratio to the
 * floor and commands per operation for the same group, operation, thread count, parameters and variant, read
 * from its tables by column name. A row the baseline lacks leaves those cells empty.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.redkit.benchmarks.Report out.md env.txt memory.md results.json... -- stats.jsonl}
 */
public final class Report {

    private static final List<String> VARIANTS = List.of("redkit", "jedis", "redisson", "bucket4j");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Report() {}

    /**
     * Writes the report.
     *
     * @param args output file, environment description file, memory section file, JMH result files,
     *     {@code --}, server statistics file
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String baselineFile = System.getProperty("redkit.bench.baseline");
        Baseline baseline = baselineFile == null ? Baseline.NONE : Baseline.read(Path.of(baselineFile));
        String env = Files.readString(Path.of(args[1]));
        Path memoryFile = Path.of(args[2]);
        List<Path> results = new ArrayList<>();
        Path statsFile = null;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--")) {
                statsFile = Path.of(args[i + 1]);
                break;
            }
            results.add(Path.of(args[i]));
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Path file : results) {
            for (JsonNode r : JSON.readTree(file.toFile())) {
                String full = r.get("benchmark").asString();
                String method = full.substring(full.lastIndexOf('.') + 1);
                String cls = full.substring(0, full.lastIndexOf('.'));
                String group = cls.substring("dev.redkit.benchmarks.".length());
                String variant = variantOf(method);
                String operation = variant == null ? method : method.substring(variant.length());
                if (variant == null) {
                    variant = "redkit";
                }
                int threads = r.get("threads").asInt();
                String params = params(r.get("params"));
                String key = group + "|" + operation + "|" + threads + "|" + params;
                Row row = rows.computeIfAbsent(
                        key, k -> new Row(group, operation.isEmpty() ? "-" : lowerFirst(operation), threads, params));
                String mode = r.get("mode").asString();
                JsonNode metric = r.get("primaryMetric");
                if (mode.equals("thrpt")) {
                    row.throughput.put(variant, new double[] {
                        metric.get("score").asDouble(), metric.get("scoreError").asDouble()
                    });
                    row.benchmarkIds.put(variant, full + "|" + threads + "|" + params);
                } else if (mode.equals("sample")) {
                    JsonNode p = metric.get("scorePercentiles");
                    double toMicros = unitToMicros(metric.get("scoreUnit").asString());
                    row.latency.put(variant, new double[] {
                        p.get("50.0").asDouble(), p.get("99.0").asDouble(), toMicros
                    });
                    if (!row.throughput.containsKey(variant)) {
                        // closed loop: each of the threads completes one operation per mean latency
                        double meanMicros = metric.get("score").asDouble() * toMicros;
                        double errorMicros = metric.get("scoreError").asDouble() * toMicros;
                        double ops = threads * 1e6 / meanMicros;
                        double err = Double.isNaN(errorMicros) ? 0 : ops * errorMicros / meanMicros;
                        row.throughput.put(variant, new double[] {ops, err});
                        row.benchmarkIds.put(variant, full + "|" + threads + "|" + params);
                    }
                }
            }
        }
        Map<String, JsonNode> stats = new HashMap<>();
        if (statsFile != null && Files.exists(statsFile)) {
            for (String line : Files.readAllLines(statsFile)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (n.get("mode").asString().equals("thrpt")
                        || n.get("mode").asString().equals("sample")) {
                    String p = n.get("params").asString();
                    stats.put(
                            n.get("benchmark").asString() + "|"
                                    + n.get("threads").asInt() + "|" + (p.equals("{}") ? "" : p),
                            n);
                }
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Generated by `benchmarks/run.sh` from one run; do not edit by hand.\n\n")
                .append(env.strip())
                .append("\n\n")
                .append(
                        "Columns: throughput (ops/s; threads / mean latency of JMH's sample mode, ± its error), the ratio of a variant to ")
                .append(
                        "the raw-Jedis floor doing the same Redis work in one round trip, the ratio of Redkit to that variant (Redisson, ")
                .append("Bucket4j: above 1 means Redkit is faster), p50/p99 latency (µs), ")
                .append(
                        "and per operation the Redis commands executed (Lua-internal ones included), server CPU (µs) and bytes on the wire ")
                .append(
                        "(in+out), read from `INFO` deltas during measurement, and the client's CPU (µs): the benchmark JVM's ")
                .append(
                        "process CPU over the same iterations (calling threads, the client library's own threads, JMH, JIT and GC). ")
                .append(
                        "Client and server share the machine's cores, so their sum per operation is what an operation costs ")
                .append("the machine.\n\n");
        if (baseline != Baseline.NONE) {
            md.append("Before/after: the columns marked \"before\" are the same row of the previous report (")
                    .append(baseline.describe())
                    .append("), so each change shows its throughput, ratio to the floor and commands per ")
                    .append(
                            "operation next to the new ones. Compare ratios rather than absolute ops/s across runs on a shared machine.\n\n");
        }
        List<Row> ordered = new ArrayList<>(rows.values());
        ordered.sort(java.util.Comparator.comparing((Row r) -> r.group)
                .thenComparing(r -> r.operation)
                .thenComparingInt(r -> r.threads)
                .thenComparing(r -> r.params));
        String currentGroup = null;
        for (Row row : ordered) {
            if (!row.group.equals(currentGroup)) {
                currentGroup = row.group;
                md.append("\n## ")
                        .append(currentGroup)
                        .append("\n\n")
                        .append(
                                "| operation | threads | params | variant | ops/s | vs floor | Redkit vs this | p50 µs | p99 µs | cmds/op | CPU µs/op | client CPU µs/op | bytes/op |")
                        .append(
                                baseline == Baseline.NONE
                                        ? "\n"
                                        : " ops/s before | vs floor before | cmds/op before |\n")
                        .append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
                        .append(baseline == Baseline.NONE ? "\n" : "---:|---:|---:|\n");
            }
            double[] redkit = row.throughput.get("redkit");
            double[] floor = row.throughput.get("jedis");
            for (String variant : VARIANTS) {
                double[] t = row.throughput.get(variant);
                if (t == null) {
                    continue;
                }
                md.append("| ")
                        .append(row.operation)
                        .append(" | ")
                        .append(row.threads)
                        .append(" | ")
                        .append(row.params.isEmpty() ? "" : row.params)
                        .append(" | ")
                        .append(variantLabel(variant))
                        .append(" | ")
                        .append(fmt(t[0]))
                        .append(" ± ")
                        .append(fmt(t[1]))
                        .append(" | ")
                        .append(floor != null && !variant.equals("jedis") ? ratio(t[0] / floor[0]) : "")
                        .append(" | ")
                        .append(redkit != null && !variant.equals("redkit") ? ratio(redkit[0] / t[0]) : "");
                double[] l = row.latency.get(variant);
                md.append(" | ")
                        .append(l == null ? "" : fmt(l[0] * l[2]))
                        .append(" | ")
                        .append(l == null ? "" : fmt(l[1] * l[2]));
                JsonNode s = stats.get(row.benchmarkIds.get(variant));
                if (s != null && t[0] > 0) {
                    double ops = t[0] * s.get("measuredSeconds").asDouble();
                    md.append(" | ")
                            .append(String.format(
                                    Locale.ROOT, "%.2f", s.get("commands").asDouble() / ops))
                            .append(" | ")
                            .append(String.format(
                                    Locale.ROOT, "%.1f", s.get("cpuSeconds").asDouble() * 1e6 / ops))
                            .append(" | ")
                            .append(
                                    s.has("clientCpuSeconds")
                                            ? String.format(
                                                    Locale.ROOT,
                                                    "%.1f",
                                                    s.get("clientCpuSeconds").asDouble() * 1e6 / ops)
                                            : "")
                            .append(" | ")
                            .append(String.format(
                                    Locale.ROOT,
                                    "%.0f",
                                    (s.get("bytesIn").asDouble()
                                                    + s.get("bytesOut").asDouble())
                                            / ops));
                } else {
                    md.append(" | | | | ");
                }
                if (baseline != Baseline.NONE) {
                    String[] before =
                            baseline.row(row.group, row.operation, row.threads, row.params, variantLabel(variant));
                    md.append(" | ")
                            .append(before == null ? "" : before[0])
                            .append(" | ")
                            .append(before == null ? "" : before[1])
                            .append(" | ")
                            .append(before == null ? "" : before[2]);
                }
                md.append(" |\n");
            }
        }
        if (Files.exists(memoryFile)) {
            md.append("\n").append(Files.readString(memoryFile).strip()).append("\n");
        }
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static String variantLabel(String variant) {
        return variant.equals("jedis") ? "raw Jedis (floor)" : variant;
    }

    private static @Nullable String variantOf(String method) {
        for (String v : VARIANTS) {
            if (method.startsWith(v)) {
                return v;
            }
        }
        return null;
    }

    private static String params(JsonNode params) {
        if (params == null || params.isNull() || params.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        params.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
        return sorted.toString().replace("\"", "'");
    }

    private static double unitToMicros(String unit) {
        switch (unit) {
            case "ns/op":
                return 0.001;
            case "us/op":
                return 1;
            case "ms/op":
                return 1000;
            case "s/op":
                return 1_000_000;
            default:
                return 1;
        }
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** One operation at one thread count: its variants' results. */
    private static final class Row {
        final String group;
        final String operation;
        final int threads;
        final String params;
        final Map<String, double[]> throughput = new HashMap<>();
        final Map<String, double[]> latency = new HashMap<>();
        final Map<String, String> benchmarkIds = new HashMap<>();

        Row(String group, String operation, int threads, String params) {
            this.group = group;
            this.operation = operation;
            this.threads = threads;
            this.params = params;
        }
    }

    /**
     * The rows of a previous report: its throughput, ratio to the floor and commands per operation, by group,
     * operation, threads, parameters and variant label, found by column name so that a report with or without
     * "before" columns can be the baseline of the next.
     */
    static final class Baseline {
        static final Baseline NONE = new Baseline("", Map.of());

        private final String date;
        private final Map<String, String[]> rows;

        private Baseline(String date, Map<String, String[]> rows) {
            this.date = date;
            this.rows = rows;
        }

        static Baseline read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return NONE;
            }
            Map<String, String[]> rows = new HashMap<>();
            String date = "";
            String group = null;
            Map<String, Integer> columns = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("- Date: ") && date.isEmpty()) {
                    date = line.substring("- Date: ".length()).split(";")[0].trim();
                } else if (line.startsWith("## ")) {
                    group = line.substring(3).trim();
                    columns = null;
                } else if (line.startsWith("| operation |") && group != null) {
                    columns = new HashMap<>();
                    String[] names = cells(line);
                    for (int i = 0; i < names.length; i++) {
                        columns.putIfAbsent(names[i], i);
                    }
                } else if (line.startsWith("| ") && columns != null && columns.containsKey("ops/s")) {
                    String[] c = cells(line);
                    if (c.length < columns.size()) {
                        continue;
                    }
                    String ops = c[columns.get("ops/s")];
                    int plusMinus = ops.indexOf('±');
                    String key = group + "|" + c[column(columns, "operation")] + "|" + c[column(columns, "threads")]
                            + "|" + c[column(columns, "params")] + "|" + c[column(columns, "variant")];
                    rows.put(key, new String[] {
                        (plusMinus < 0 ? ops : ops.substring(0, plusMinus)).trim(),
                        columns.containsKey("vs floor") ? c[columns.get("vs floor")] : "",
                        columns.containsKey("cmds/op") ? c[columns.get("cmds/op")] : ""
                    });
                }
            }
            return new Baseline(date, rows);
        }

        private static int column(Map<String, Integer> columns, String name) {
            Integer index = columns.get(name);
            if (index == null) {
                throw new IllegalArgumentException("baseline table has no column '" + name + "'");
            }
            return index;
        }

        private static String[] cells(String line) {
            String inner = line.strip();
            inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
            String[] parts = inner.split("\\|", -1);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = parts[i].trim();
            }
            return parts;
        }

        String @Nullable [] row(String group, String operation, int threads, String params, String variant) {
            return rows.get(group + "|" + operation + "|" + threads + "|" + params + "|" + variant);
        }

        String describe() {
            return "the committed docs/BENCHMARKS.md" + (date.isEmpty() ? "" : " of " + date);
        }
    }
}
