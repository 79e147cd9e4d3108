package dev.redkit.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;

/** Turns a {@link RedisCommand} into the Jedis {@code CommandObject} sent for it: the command, or a script's call. */
final class JedisCommands {

    private static final ConcurrentMap<String, ProtocolCommand> COMMANDS = new ConcurrentHashMap<>();

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
                args.key(raw.get(i));
            } else {
                args.add(raw.get(i));
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
        return scriptCall(Protocol.Command.EVALSHA, c.script().sha1(), c);
    }

    CommandObject<Object> eval(RedisCommand c) {
        return scriptCall(Protocol.Command.EVAL, c.script().source(), c);
    }

    private CommandObject<Object> scriptCall(ProtocolCommand cmd, String first, RedisCommand c) {
        CommandArguments args =
                JedisSupport.arguments(cmd, cluster).add(first).add(c.keys().size());
        List<byte[]> raw = c.args();
        int keys = c.keys().size();
        for (int i = 0; i < raw.size(); i++) {
            if (i < keys) {
                args.key(raw.get(i));
            } else {
                args.add(raw.get(i));
            }
        }
        return new CommandObject<>(args, BuilderFactory.RAW_OBJECT);
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

    static byte[] firstKey(RedisCommand c) {
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
}
