package dev.redkit.embedded.junit;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * Proves that a component under hostile input touches no key but its own: plant canary keys before, then
 * check after that every key on the servers is a canary with its value unchanged or starts with one of the
 * component's prefixes.
 * <!-- snippet: EmbeddedSnippets#keyAudit -->
 * <pre>{@code
 * KeyAudit audit = KeyAudit.plant(redis.ops(), List.of("canary:a", "canary:{u}:*"));
 * // ... fuzz ...
 * audit.assertOnlyOwnKeys(cluster.masters(), "fuzz:session:default:", "fuzz:session:neighbour:");
 * }</pre>
 */
public final class KeyAudit {

    private static final String UNTOUCHED = "untouched";

    private final List<String> canaries;

    private KeyAudit(List<String> canaries) {
        this.canaries = List.copyOf(canaries);
    }

    /**
     * Writes each canary key with a known value.
     *
     * @param ops the connection to write through
     * @param canaries keys outside the component's key space, chosen to look like its keys
     * @return the audit
     */
    public static KeyAudit plant(RedisOps ops, List<String> canaries) {
        for (String canary : canaries) {
            ops.execute(RedisCommand.builder("SET").key(canary).arg(UNTOUCHED).build());
        }
        return new KeyAudit(canaries);
    }

    /**
     * Checks every key of the given servers.
     *
     * @param nodes the servers holding data (on Cluster, the masters)
     * @param ownPrefixes the prefixes of the component's own keys
     * @throws AssertionError listing foreign keys, or canaries that changed or disappeared
     */
    public void assertOnlyOwnKeys(List<EmbeddedRedis> nodes, String... ownPrefixes) {
        Map<String, String> found = new TreeMap<>();
        List<String> foreign = new ArrayList<>();
        for (EmbeddedRedis node : nodes) {
            try (Jedis jedis = node.client(2000)) {
                for (String key : jedis.keys("*")) {
                    if (canaries.contains(key)) {
                        found.put(key, jedis.get(key));
                    } else if (!startsWithAny(key, ownPrefixes)) {
                        foreign.add(key);
                    }
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new AssertionError("keys outside the component's prefixes: " + foreign);
        }
        Map<String, String> expected = new TreeMap<>();
        canaries.forEach(c -> expected.put(c, UNTOUCHED));
        if (!found.equals(expected)) {
            throw new AssertionError("canaries changed: expected " + expected + " but found " + found);
        }
    }

    private static boolean startsWithAny(String key, String... prefixes) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
