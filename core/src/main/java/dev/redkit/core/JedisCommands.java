package dev.redkit.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.commands.ProtocolCommand;

/** Turns a {@link RedisCommand} into the Jedis {@code CommandObject} sent for it: the command, or a script's call. */
final class JedisCommands {

    private static final ConcurrentMap<String, ProtocolCommand> COMMANDS = new ConcurrentHashMap<>();
    private static final Arg[] COUNTS = new Arg[16];

    static {
        for (int i = 0; i < COUNTS.length; i++) {
            COUNTS[i] = new Arg(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final boolean cluster;

    /** @param cluster whether the client is a Cluster client (Jedis 7 routes by its own argument class there) */
    JedisCommands(boolean cluster) {
        this.cluster = cluster;
    }

    CommandObject<Object> toCommandObject(RedisCommand c) {
        CommandArguments args = JedisSupport.arguments(protocolCommand(c.name()), cluster);
        List<byte[]> raw = c.args();
        for (int i = 0; i < raw.size(); i++) {
            if (c.isKeyAt(i)) {
                args.key(new Arg(raw.get(i)));
            } else {
                args.add(new Arg(raw.get(i)));
            }
        }
        if (c.blocking()) {
            args.blocking();
        }
        return new CommandObject<>(args, BuilderFactory.RAW_OBJECT);
    }

    /** The command as first sent: itself, or a script's {@code EVALSHA} (the caller falls back on {@code EVAL}). */
    CommandObject<Object> firstAttempt(RedisCommand c) {
        return c.script() == null ? toCommandObject(c) : evalsha(c);
    }

    CommandObject<Object> evalsha(RedisCommand c) {
        return scriptCall(Protocol.Command.EVALSHA, new Arg(scriptOf(c).sha1Bytes()), c);
    }

    CommandObject<Object> eval(RedisCommand c) {
        return scriptCall(Protocol.Command.EVAL, scriptOf(c).source(), c);
    }

    /** {@code cmd first numkeys keys... args...}; {@code first} is the SHA or the source. */
    private CommandObject<Object> scriptCall(ProtocolCommand cmd, Object first, RedisCommand c) {
        int keys = c.keys().size();
        CommandArguments args = JedisSupport.arguments(cmd, cluster).add(first).add(count(keys));
        List<byte[]> raw = c.args();
        for (int i = 0; i < raw.size(); i++) {
            if (i < keys) {
                args.key(new Arg(raw.get(i)));
            } else {
                args.add(new Arg(raw.get(i)));
            }
        }
        return new CommandObject<>(args, BuilderFactory.RAW_OBJECT);
    }

    /** A script's {@code numkeys}, encoded once for the counts scripts use. */
    private static Object count(int n) {
        return n < COUNTS.length ? COUNTS[n] : n;
    }

    private static ProtocolCommand protocolCommand(String name) {
        return COMMANDS.computeIfAbsent(name, n -> {
            try {
                return Protocol.Command.valueOf(n);
            } catch (IllegalArgumentException e) {
                byte[] raw = n.getBytes(StandardCharsets.US_ASCII);
                return () -> raw;
            }
        });
    }

    private static LuaScript scriptOf(RedisCommand c) {
        LuaScript script = c.script();
        if (script == null) {
            throw new IllegalArgumentException("command " + c.name() + " is not a script call");
        }
        return script;
    }

    /** @return the first key of {@code c}, which routes it on Cluster, or {@code null} if it names none */
    static byte @Nullable [] firstKey(RedisCommand c) {
        if (c.script() != null) {
            return c.keys().isEmpty() ? null : c.args().get(0);
        }
        for (int i = 0; i < c.args().size(); i++) {
            if (c.isKeyAt(i)) {
                return c.args().get(i);
            }
        }
        return null;
    }

    /**
     * One argument as sent, without the copy that Jedis makes of a {@code byte[]} argument: a {@link RedisCommand}'s
     * arrays are already its own (immutable by contract), so copying them again on every call only costs allocation.
     */
    private static final class Arg implements Rawable {
        private final byte[] raw;

        Arg(byte[] raw) {
            this.raw = raw;
        }

        @Override
        public byte[] getRaw() {
            return raw;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rawable && Arrays.equals(raw, ((Rawable) o).getRaw());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(raw);
        }
    }
}
