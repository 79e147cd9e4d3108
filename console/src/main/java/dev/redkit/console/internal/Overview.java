package dev.redkit.console.internal;

import dev.redkit.core.KeyScanner;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The overview's data: the server's INFO fields, and keys and sampled memory per Redkit component and name from
 * one bounded scan of the key prefix (at most {@link #MAX_KEYS} keys, {@code MEMORY USAGE} of at most
 * {@link #SAMPLES} keys per group in one pipeline), cached for {@link #CACHE_MS} so that reloads stay cheap.
 */
final class Overview {

    static final int MAX_KEYS = 5000;
    static final int SAMPLES = 8;
    static final long CACHE_MS = 10_000;
    static final String[] FIELDS = {
        "redis_version",
        "redis_mode",
        "role",
        "used_memory",
        "used_memory_peak",
        "maxmemory",
        "maxmemory_policy",
        "instantaneous_ops_per_sec",
        "connected_clients",
        "evicted_keys",
        "keyspace_hits",
        "keyspace_misses",
        "uptime_in_seconds"
    };

    /** Keys and estimated memory of one component instance. */
    record Group(String component, String name, long keys, long estimatedBytes) {}

    /** The component table and whether the scan saw every key of the prefix. */
    record Groups(List<Group> groups, boolean complete, long at) {}

    private final RedisConnector connector;
    private volatile @Nullable Groups cached;

    Overview(RedisConnector connector) {
        this.connector = connector;
    }

    /** The INFO fields the overview shows (on Cluster, of the node the connector reaches for a keyless command). */
    Map<String, String> info() {
        String info = Replies.asText(connector.ops().execute(RedisCommand.of("INFO")));
        Map<String, String> all = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                all.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FIELDS) {
            out.put(f, all.getOrDefault(f, ""));
        }
        return out;
    }

    /** A sample for the Redis chart: ops/s and used memory in MiB. */
    Map<String, Double> sample() {
        Map<String, String> i = info();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("ops/s", parse(field(i, "instantaneous_ops_per_sec")));
        out.put("memory MiB", parse(field(i, "used_memory")) / (1024 * 1024));
        return out;
    }

    Groups groups(long nowMs) {
        Groups g = cached;
        if (g != null && nowMs - g.at() < CACHE_MS) {
            return g;
        }
        String prefix = connector.config().keyPrefix() + ':';
        KeyScanner.Result scan = KeyScanner.of(connector).scan(prefix + '*', MAX_KEYS);
        Map<String, List<String>> byGroup = new TreeMap<>();
        for (String key : scan.keys()) {
            String[] parts = key.substring(prefix.length()).split(":", 3);
            if (parts.length < 2) {
                continue;
            }
            String name = parts[1].startsWith("{") && parts[1].endsWith("}")
                    ? parts[1].substring(1, parts[1].length() - 1)
                    : parts[1];
            byGroup.computeIfAbsent(parts[0] + ':' + name, k -> new ArrayList<>())
                    .add(key);
        }
        List<RedisCommand> usage = new ArrayList<>();
        for (List<String> keys : byGroup.values()) {
            for (int i = 0; i < Math.min(SAMPLES, keys.size()); i++) {
                usage.add(RedisCommand.builder("MEMORY")
                        .arg("USAGE")
                        .key(keys.get(i))
                        .build());
            }
        }
        List<Object> replies = usage.isEmpty() ? List.of() : connector.ops().pipeline(usage);
        List<Group> out = new ArrayList<>();
        int r = 0;
        for (Map.Entry<String, List<String>> e : byGroup.entrySet()) {
            int n = Math.min(SAMPLES, e.getValue().size());
            long sum = 0;
            for (int i = 0; i < n; i++, r++) {
                Object reply = replies.get(r);
                sum += reply instanceof Long ? (Long) reply : 0;
            }
            String[] cn = e.getKey().split(":", 2);
            long count = e.getValue().size();
            out.add(new Group(cn[0], cn[1], count, n == 0 ? 0 : sum * count / n));
        }
        g = new Groups(out, scan.complete(), nowMs);
        cached = g;
        return g;
    }

    /** One field of {@link #info()}, empty when INFO did not report it. */
    static String field(Map<String, String> info, String name) {
        String value = info.get(name);
        return value == null ? "" : value;
    }

    static double parse(String v) {
        try {
            return v == null || v.isEmpty() ? 0 : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
