package dev.redkit.embedded.junit;

import dev.redkit.core.spi.Replies;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The raw layout a test left in Redis, one line per key, for stored-format tests that pin what a component
 * writes (docs/COMPATIBILITY.md): a change to a key name, a key type, a hash field or a TTL then fails a test
 * instead of a rolling deploy.
 * <!-- snippet: EmbeddedSnippets#storedLayout -->
 * <pre>{@code
 * otp.issue("login", "+15550000001");
 * assertThat(StoredLayout.of(ctx))
 *         .containsExactly(
 *                 "otp:default:{+15550000001}:code:login hash [attempts, code, issued] ttl",
 *                 "otp:default:{+15550000001}:sent list ttl");
 * }</pre>
 * Each line is {@code <key without the test's prefix and colon> <type> [<hash fields, sorted>] ttl|no-ttl}; the
 * lines are sorted. Values are left out: they are the component's to decode, and the format pins where they live.
 */
public final class StoredLayout {

    private StoredLayout() {}

    /**
     * Describes every key of the test.
     *
     * @param ctx the test's context
     * @return one sorted line per key
     */
    public static List<String> of(RedisTestContext ctx) {
        String prefix = ctx.keyPrefix() + ":";
        TreeSet<String> lines = new TreeSet<>();
        for (String key : ctx.keys()) {
            String type = Replies.asText(ctx.raw(key, "TYPE", key));
            StringBuilder line = new StringBuilder(key.startsWith(prefix) ? key.substring(prefix.length()) : key)
                    .append(' ')
                    .append(type);
            if (type.equals("hash")) {
                TreeSet<String> fields = new TreeSet<>();
                for (Object field : Replies.asList(ctx.raw(key, "HKEYS", key))) {
                    fields.add(Replies.asText(field));
                }
                line.append(' ').append(fields);
            }
            long pttl = Replies.asLong(ctx.raw(key, "PTTL", key));
            line.append(pttl >= 0 ? " ttl" : " no-ttl");
            lines.add(line.toString());
        }
        return new ArrayList<>(lines);
    }
}
