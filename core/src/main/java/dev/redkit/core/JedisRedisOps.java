package dev.redkit.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/** {@link RedisOps} over one Jedis client ({@code RedisClient}, {@code RedisClusterClient} or {@code RedisSentinelClient}). */
final class JedisRedisOps implements RedisOps {

    private static final Logger LOG = LoggerFactory.getLogger(JedisRedisOps.class);
    private static final ConcurrentMap<String, ProtocolCommand> COMMANDS = new ConcurrentHashMap<>();

    private final UnifiedJedis jedis;
    private final String endpoint;
    private final ExecutorService clusterPipelineWorkers;
    private final RedisConfig config;
    private final boolean cluster;

    JedisRedisOps(UnifiedJedis jedis, String endpoint, RedisConfig config) {
        this.jedis = jedis;
        this.endpoint = endpoint;
        this.config = config;
        this.cluster = jedis instanceof RedisClusterClient;
        this.clusterPipelineWorkers = cluster ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "redkit-cluster-pipeline");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** A pipeline; on Cluster one that sends to several nodes on shared worker threads instead of a new pool per call. */
    private AbstractPipeline newPipeline() {
        return clusterPipelineWorkers != null ? ((RedisClusterClient) jedis).pipelined(clusterPipelineWorkers) : jedis.pipelined();
    }

    void close() {
        if (clusterPipelineWorkers != null) {
            clusterPipelineWorkers.shutdownNow();
        }
    }

    @Override
    public Object execute(RedisCommand command) {
        Objects.requireNonNull(command, "command");
        try {
            if (command.script() == null) {
                return jedis.executeCommand(toCommandObject(command));
            }
            try {
                return jedis.executeCommand(evalsha(command));
            } catch (JedisNoScriptException e) {
                LOG.debug("NOSCRIPT for {}, sending EVAL", command.script().name());
                return jedis.executeCommand(eval(command));
            }
        } catch (RuntimeException e) {
            throw translate(e, command);
        }
    }

    @Override
    public Object executeAcknowledged(RedisCommand command, ReplicaAck ack) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(ack, "ack");
        if (!ack.required()) {
            return execute(command);
        }
        ack.requireFits(config, "ack");
        byte[] routingKey = firstKey(command);
        if (routingKey == null && clusterPipelineWorkers != null) {
            throw new IllegalArgumentException("command " + describe(command) + " names no key to route its WAIT on Cluster");
        }
        try {
            try {
                return writeThenWait(command, ack, routingKey, firstAttempt(command));
            } catch (JedisRedirectionException e) {
                LOG.debug("{} redirected ({}), refreshing the slot map", describe(command), e.getMessage());
                jedis.executeCommand(new CommandObject<>(JedisSupport.arguments(Protocol.Command.EXISTS, cluster).key(routingKey),
                        BuilderFactory.RAW_OBJECT));
                return writeThenWait(command, ack, routingKey, firstAttempt(command));
            }
        } catch (RuntimeException e) {
            throw translate(e, command);
        }
    }

    /** The write and a WAIT routed to the write's node, in one pipeline on one connection. */
    private Object writeThenWait(RedisCommand command, ReplicaAck ack, byte[] routingKey, CommandObject<Object> write) {
        Response<Object> reply;
        Response<Object> confirmed;
        try (AbstractPipeline pipeline = newPipeline()) {
            reply = pipeline.executeCommand(write);
            confirmed = pipeline.executeCommand(new CommandObject<>(
                    JedisSupport.routedArguments(Protocol.Command.WAIT, routingKey, cluster).add(ack.replicas()).add(ack.timeout().toMillis()),
                    BuilderFactory.RAW_OBJECT));
            pipeline.sync();
        }
        Object value;
        try {
            value = reply.get();
        } catch (JedisNoScriptException e) {
            LOG.debug("NOSCRIPT for {}, sending EVAL", command.script().name());
            return writeThenWait(command, ack, routingKey, eval(command));
        }
        long replicas = (Long) confirmed.get();
        if (replicas < ack.replicas()) {
            throw new ReplicaAckException(endpoint, describe(command), ack.replicas(), (int) replicas, value);
        }
        return value;
    }

    private static byte[] firstKey(RedisCommand c) {
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

    @Override
    public List<Object> pipeline(List<RedisCommand> commands) {
        Objects.requireNonNull(commands, "commands");
        if (commands.isEmpty()) {
            return List.of();
        }
        List<Response<Object>> responses = new ArrayList<>(commands.size());
        try (AbstractPipeline pipeline = newPipeline()) {
            for (RedisCommand c : commands) {
                responses.add(pipeline.executeCommand(firstAttempt(c)));
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            throw translate(e, commands.get(0));
        }
        List<Object> replies = new ArrayList<>(commands.size());
        RuntimeException first = null;
        for (int i = 0; i < commands.size(); i++) {
            RedisCommand c = commands.get(i);
            Object reply = null;
            try {
                reply = responses.get(i).get();
            } catch (JedisNoScriptException e) {
                try {
                    reply = jedis.executeCommand(eval(c));
                } catch (RuntimeException retry) {
                    if (first == null) {
                        first = translate(retry, c);
                    }
                }
            } catch (IllegalStateException e) {
                // Jedis's multi-node pipeline leaves a response unset when its node failed during sync
                if (first == null) {
                    first = new RedisUnavailableException(endpoint, "no reply for pipelined " + describe(c)
                            + " (its node failed during the pipeline)", e);
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = translate(e, c);
                }
            }
            replies.add(reply);
        }
        if (first != null) {
            throw first;
        }
        return replies;
    }

    @Override
    public Subscription subscribe(String channel, MessageListener listener) {
        return new JedisSubscription(jedis, channel, listener);
    }

    @Override
    public long publish(String channel, byte[] message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        try {
            return jedis.publish(channel.getBytes(StandardCharsets.UTF_8), message);
        } catch (RuntimeException e) {
            throw translate(e, RedisCommand.builder("PUBLISH").build());
        }
    }

    String endpoint() {
        return endpoint;
    }

    private CommandObject<Object> toCommandObject(RedisCommand c) {
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
    private CommandObject<Object> firstAttempt(RedisCommand c) {
        return c.script() == null ? toCommandObject(c) : evalsha(c);
    }

    private CommandObject<Object> evalsha(RedisCommand c) {
        return scriptCall(Protocol.Command.EVALSHA, c.script().sha1(), c);
    }

    private CommandObject<Object> eval(RedisCommand c) {
        return scriptCall(Protocol.Command.EVAL, c.script().source(), c);
    }

    private CommandObject<Object> scriptCall(ProtocolCommand cmd, String first, RedisCommand c) {
        CommandArguments args = JedisSupport.arguments(cmd, cluster).add(first).add(c.keys().size());
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

    RuntimeException translate(RuntimeException e, RedisCommand command) {
        return translate(e, command, endpoint);
    }

    static RuntimeException translate(RuntimeException e, RedisCommand command, String endpoint) {
        if (e instanceof RedkitException || e instanceof IllegalArgumentException) {
            return e;
        }
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
                || e instanceof JedisRedirectionException) {
            return new RedisUnavailableException(endpoint, "Redis unavailable during " + describe(command) + ": " + e.getMessage(), e);
        }
        if (e instanceof JedisDataException) {
            if (command != null && command.script() != null) {
                return new RedisScriptException(command.script().name(), e.getMessage(), e);
            }
            return new RedisCommandException(command == null ? "?" : command.name(), e.getMessage(), e);
        }
        if (e instanceof JedisException) {
            if (hasCause(e, NoSuchElementException.class)) {
                return new RedisUnavailableException(endpoint, "no free connection in the pool for " + describe(command), e);
            }
            return new RedisUnavailableException(endpoint, "Redis call " + describe(command) + " failed: " + e.getMessage(), e);
        }
        return new RedkitException("Redis call " + describe(command) + " failed: " + e, e);
    }

    private static String describe(RedisCommand c) {
        if (c == null) {
            return "command";
        }
        return c.script() != null ? "script " + c.script().name() : c.name();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** One subscription: a daemon thread that (re)subscribes until closed. */
    private static final class JedisSubscription implements Subscription {
        private final UnifiedJedis jedis;
        private final String channel;
        private final MessageListener listener;
        private final Thread thread;
        private final BinaryJedisPubSub pubSub;
        private volatile boolean closed;
        private volatile boolean connected;

        JedisSubscription(UnifiedJedis jedis, String channel, MessageListener listener) {
            this.jedis = jedis;
            this.channel = Objects.requireNonNull(channel, "channel");
            this.listener = Objects.requireNonNull(listener, "listener");
            this.pubSub = new BinaryJedisPubSub() {
                @Override
                public void onMessage(byte[] ch, byte[] message) {
                    try {
                        listener.onMessage(channel, message);
                    } catch (RuntimeException e) {
                        LOG.warn("pub/sub listener on {} threw", channel, e);
                    }
                }

                @Override
                public void onSubscribe(byte[] ch, int count) {
                    connected = true;
                    try {
                        listener.onSubscribed();
                    } catch (RuntimeException e) {
                        LOG.warn("pub/sub listener on {} threw on subscribe", channel, e);
                    }
                }
            };
            this.thread = new Thread(this::run, "redkit-sub-" + channel);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run() {
            long backoff = 50;
            byte[] raw = channel.getBytes(StandardCharsets.UTF_8);
            while (!closed) {
                try {
                    jedis.subscribe(pubSub, raw);
                    backoff = 50;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.debug("subscription to {} lost: {}", channel, e.toString());
                }
                connected = false;
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2000);
            }
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (pubSub.isSubscribed()) {
                    pubSub.unsubscribe();
                }
            } catch (RuntimeException e) {
                LOG.debug("unsubscribe from {} failed: {}", channel, e.toString());
            }
            thread.interrupt();
        }
    }
}
