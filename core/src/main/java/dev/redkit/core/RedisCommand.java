package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One Redis command or script call, described without any driver type, ready for
 * {@link RedisOps#execute(RedisCommand)} or {@link RedisOps#pipeline(List)}.
 *
 * <p>Arguments are kept in order; those added with {@link Builder#key(String)} are also recorded as keys,
 * which on Cluster route the command to the node owning their slot. Argument values may be
 * {@code String} (sent as UTF-8), {@code byte[]}, any {@link Number} or {@link Boolean} (sent as text).
 * Immutable and thread-safe.
 * <!-- snippet: CoreSnippets#redisCommand -->
 * <pre>{@code
 * RedisCommand get = RedisCommand.of("GET", key);
 * RedisCommand zadd = RedisCommand.builder("ZADD")
 *         .key(board)
 *         .arg(150.0)
 *         .arg("user-42")
 *         .build();
 * }</pre>
 */
public final class RedisCommand {

    private final String name;
    private final List<byte[]> args;
    private final List<String> keys;
    private final @Nullable BitSet keyPositions;
    private final @Nullable LuaScript script;
    private final boolean blocking;

    private RedisCommand(
            String name,
            List<byte[]> args,
            List<String> keys,
            @Nullable BitSet keyPositions,
            @Nullable LuaScript script,
            boolean blocking) {
        this.name = name;
        this.args = args;
        this.keys = keys;
        this.keyPositions = keyPositions;
        this.script = script;
        this.blocking = blocking;
    }

    /**
     * A command whose keys come first, followed by plain arguments: {@code GET k}, {@code MGET k1 k2},
     * {@code PFCOUNT k1 k2}; use {@link #builder(String)} for other shapes.
     *
     * @param name the command, for example {@code GET}
     * @param keys the keys
     * @return the command
     */
    public static RedisCommand of(String name, String... keys) {
        String checkedName = commandName(name);
        byte[][] raw = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            raw[i] = toBytes(checkKey(keys[i]));
        }
        // every argument is a key, so, as for a script, isKeyAt needs no key positions
        return new RedisCommand(checkedName, List.of(raw), List.of(keys), null, null, false);
    }

    /**
     * Starts a command.
     *
     * @param name the command name; sub-commands ({@code SCRIPT FLUSH}) are added as arguments
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    static RedisCommand script(LuaScript script, List<String> keys, List<?> args) {
        Checks.notNull(script, "script");
        Checks.notNull(keys, "keys");
        Checks.notNull(args, "args");
        List<byte[]> raw = new ArrayList<>(keys.size() + args.size());
        for (String k : keys) {
            raw.add(toBytes(Checks.notNull(k, "key")));
        }
        for (Object a : args) {
            raw.add(toBytes(a));
        }
        // a script's keys are its first arguments (isKeyAt), so it needs no key positions
        return new RedisCommand("EVALSHA", Collections.unmodifiableList(raw), List.copyOf(keys), null, script, false);
    }

    private static String commandName(@Nullable String name) {
        if (name == null || name.isBlank() || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("command name must be one word, was '" + name + "'");
        }
        return name.toUpperCase(Locale.ROOT);
    }

    private static String checkKey(@Nullable String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key;
    }

    static byte[] toBytes(@Nullable Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("NaN cannot be sent to Redis");
            }
            String text = d == Double.POSITIVE_INFINITY
                    ? "+inf"
                    : d == Double.NEGATIVE_INFINITY
                            ? "-inf"
                            : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
        throw new IllegalArgumentException("unsupported argument type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** @return the command name, upper case ({@code EVALSHA} for a script call) */
    public String name() {
        return name;
    }

    /** @return the arguments in order (for a script: the keys, then {@code ARGV}); do not modify the arrays */
    public List<byte[]> args() {
        return args;
    }

    /** @return the keys, which decide the Cluster node */
    public List<String> keys() {
        return keys;
    }

    boolean isKeyAt(int index) {
        return keyPositions == null ? index < keys.size() : keyPositions.get(index);
    }

    /** @return the script for a script call, else {@code null} */
    public @Nullable LuaScript script() {
        return script;
    }

    /** @return whether the command may block on the server (uses the blocking socket timeout) */
    public boolean blocking() {
        return blocking;
    }

    @Override
    public String toString() {
        return script != null ? "EVALSHA " + script.name() + " keys=" + keys : name + " keys=" + keys;
    }

    /** Builds a {@link RedisCommand}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<byte[]> args = new ArrayList<>();
        private final List<String> keys = new ArrayList<>(2);
        private final BitSet keyPositions = new BitSet();
        private boolean blocking;

        private Builder(String name) {
            this.name = commandName(name);
        }

        /**
         * Adds a key argument.
         *
         * @param key the key, from a {@link KeySpace}
         * @return this builder
         */
        public Builder key(String key) {
            checkKey(key);
            keyPositions.set(args.size());
            args.add(toBytes(key));
            keys.add(key);
            return this;
        }

        /**
         * Adds a plain argument.
         *
         * @param value a {@code String}, {@code byte[]}, number or boolean
         * @return this builder
         */
        public Builder arg(Object value) {
            args.add(toBytes(value));
            return this;
        }

        /**
         * Adds several plain arguments.
         *
         * @param values the values
         * @return this builder
         */
        public Builder args(Object... values) {
            for (Object v : values) {
                arg(v);
            }
            return this;
        }

        /**
         * Marks the command as blocking ({@code BLMOVE}, {@code BZPOPMIN}, {@code XREAD BLOCK}): it is sent
         * with {@link RedisConfig#blockingSocketTimeout()} instead of the normal reply timeout.
         *
         * @return this builder
         */
        public Builder blocking() {
            this.blocking = true;
            return this;
        }

        /** @return the command */
        public RedisCommand build() {
            return new RedisCommand(
                    name,
                    Collections.unmodifiableList(new ArrayList<>(args)),
                    List.copyOf(keys),
                    (BitSet) keyPositions.clone(),
                    null,
                    blocking);
        }
    }
}
