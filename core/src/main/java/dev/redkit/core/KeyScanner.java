package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Lists the keys that match a pattern with {@code SCAN}, never {@code KEYS}, and with bounded work: each call
 * asks for {@code COUNT} keys per round trip and stops after a cap on the rounds and on the keys returned. On
 * Cluster it scans every master: it reads the slot ranges with {@code CLUSTER SLOTS} and sends each node's
 * {@code SCAN} through the connector with the pattern as its routing key, written in an equivalent form (a
 * letter escaped as {@code \x}) that hashes into that node's slots. For admin views (the operations console,
 * held locks, memory per component), not for request paths.
 *
 * <p>A scan is not a snapshot: a key created or deleted while it runs may or may not be listed, and a key may
 * be listed twice (it is then reported once). Thread-safe; stateless between calls.
 * <!-- snippet: CoreSnippets#keyScanner -->
 * <pre>{@code
 * KeyScanner.Result held = KeyScanner.of(connector).scan("redkit:lock:jobs:*:owner", 500);
 * }</pre>
 */
public final class KeyScanner {

    /** The {@code COUNT} hint of each {@code SCAN} round trip. */
    public static final int COUNT = 200;
    /** Most {@code SCAN} round trips per node and call, so one call costs at most this many per master. */
    public static final int MAX_ROUNDS_PER_NODE = 50;
    /** The most keys one call may be asked to return. */
    public static final int MAX_KEYS = 10_000;

    private final RedisConnector connector;

    private KeyScanner(RedisConnector connector) {
        this.connector = connector;
    }

    /**
     * A scanner over a connector.
     *
     * @param connector the connector
     * @return the scanner
     * @throws IllegalArgumentException if the connector is null
     */
    public static KeyScanner of(RedisConnector connector) {
        if (connector == null) {
            throw new IllegalArgumentException("connector must not be null");
        }
        return new KeyScanner(connector);
    }

    /**
     * The keys of a scan and whether it stopped before it saw every key.
     *
     * @param keys the matching keys found, each once, at most the cap asked for
     * @param complete true when every node was scanned to the end; false when the key cap or the round cap stopped it
     * @param roundTrips the {@code SCAN} (and {@code CLUSTER SLOTS}) round trips the call made
     */
    public record Result(List<String> keys, boolean complete, int roundTrips) {
        /**
         * Copies the key list.
         *
         * @param keys the keys
         * @param complete whether the scan ran to the end
         * @param roundTrips the round trips made
         */
        public Result {
            keys = List.copyOf(keys);
        }
    }

    /**
     * Scans for keys matching a glob pattern. The pattern must contain no <code>{</code> or <code>}</code>
     * (write {@code ?} in their place), so that its routing on Cluster depends on the whole text.
     *
     * @param pattern the {@code MATCH} pattern, for example {@code redkit:lock:jobs:*}
     * @param maxKeys the most keys to return, 1 to {@value #MAX_KEYS}
     * @return the keys found and whether the scan was complete
     * @throws IllegalArgumentException naming the parameter if the pattern is empty or holds a brace, or
     *         {@code maxKeys} is out of range
     * @throws RedisUnavailableException if Redis cannot be reached
     */
    public Result scan(String pattern, int maxKeys) {
        Checks.notEmpty(pattern, "pattern", KeySpace.MAX_KEY_LENGTH);
        if (pattern.indexOf('{') >= 0 || pattern.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                    "pattern must not contain braces (use ? in their place), was '" + pattern + "'");
        }
        if (maxKeys < 1 || maxKeys > MAX_KEYS) {
            throw new IllegalArgumentException("maxKeys must be 1-" + MAX_KEYS + ", was " + maxKeys);
        }
        Set<String> found = new LinkedHashSet<>();
        int[] trips = {0};
        boolean complete = true;
        if (connector.config().topology() != Topology.CLUSTER) {
            complete = scanNode(pattern, false, maxKeys, found, trips);
        } else {
            trips[0]++;
            for (int[] range : masterRanges()) {
                String routed = routedPattern(pattern, range);
                complete &= scanNode(routed, true, maxKeys, found, trips);
                if (found.size() >= maxKeys) {
                    complete = false;
                    break;
                }
            }
        }
        return new Result(new ArrayList<>(found), complete, trips[0]);
    }

    private boolean scanNode(String pattern, boolean routed, int maxKeys, Set<String> found, int[] trips) {
        String cursor = "0";
        for (int round = 0; round < MAX_ROUNDS_PER_NODE; round++) {
            RedisCommand.Builder b = RedisCommand.builder("SCAN").arg(cursor).arg("MATCH");
            RedisCommand command = (routed ? b.key(pattern) : b.arg(pattern))
                    .arg("COUNT")
                    .arg(COUNT)
                    .build();
            List<Object> reply = Replies.asList(connector.ops().execute(command));
            trips[0]++;
            cursor = Replies.asText(reply.get(0));
            for (Object key : Replies.asList(reply.get(1))) {
                if (found.size() >= maxKeys) {
                    return false;
                }
                found.add(Replies.asText(key));
            }
            if ("0".equals(cursor)) {
                return true;
            }
        }
        return false;
    }

    /** One slot range (first slot, last slot) of each master, from CLUSTER SLOTS. */
    private List<int[]> masterRanges() {
        List<Object> slots = Replies.asList(connector
                .ops()
                .execute(RedisCommand.builder("CLUSTER").arg("SLOTS").build()));
        List<int[]> ranges = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Object entry : slots) {
            List<Object> e = Replies.asList(entry);
            List<Object> master = Replies.asList(e.get(2));
            String node = Replies.asString(master.get(0)) + ':' + Replies.asLong(master.get(1));
            if (seen.add(node)) {
                ranges.add(new int[] {(int) (long) Replies.asLong(e.get(0)), (int) (long) Replies.asLong(e.get(1))});
            }
        }
        return ranges;
    }

    /**
     * The pattern written so that it hashes into the range: letters outside character classes escaped or not
     * until the slot falls in the range; every form matches the same keys.
     */
    static String routedPattern(String pattern, int[] range) {
        List<Integer> letters = new ArrayList<>();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                letters.add(i);
            }
        }
        int bits = Math.min(letters.size(), 20);
        for (long mask = 0; mask < (1L << bits); mask++) {
            String candidate = escape(pattern, letters, mask);
            int slot = JedisClusterCRC16.getSlot(candidate.getBytes(StandardCharsets.UTF_8));
            if (slot >= range[0] && slot <= range[1]) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "pattern has too few letters to be routed to every Cluster node, was '" + pattern + "'");
    }

    private static String escape(String pattern, List<Integer> letters, long mask) {
        StringBuilder sb = new StringBuilder(pattern.length() + letters.size());
        int next = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (next < letters.size() && letters.get(next) == i) {
                if ((mask >> next & 1) == 1) {
                    sb.append('\\');
                }
                next++;
            }
            sb.append(pattern.charAt(i));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "KeyScanner{" + Objects.toString(connector.config().topology()) + '}';
    }
}
