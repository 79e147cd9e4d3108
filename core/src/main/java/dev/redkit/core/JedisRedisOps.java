package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
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
    private final ClusterTopology topology;
    private final long retryBudgetNanos;
    private final boolean cluster;
    private final CallGate gate;

    JedisRedisOps(UnifiedJedis jedis, String endpoint, RedisConfig config) {
        this.jedis = jedis;
        this.gate = new CallGate(
                config.maxConnections(), config.maxQueuedCalls(), config.callTimeout(), config.runBudget(), endpoint);
        this.endpoint = endpoint;
        this.config = config;
        this.cluster = jedis instanceof RedisClusterClient;
        this.clusterPipelineWorkers = cluster
                ? Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "redkit-cluster-pipeline");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.topology = cluster ? new ClusterTopology((RedisClusterClient) jedis) : null;
        this.retryBudgetNanos = config.runBudget().minus(config.socketTimeout()).toNanos();
    }

    CallGate gate() {
        return gate;
    }

    /** A pipeline; on Cluster one that sends to several nodes on shared worker threads instead of a new pool per call. */
    private AbstractPipeline newPipeline() {
        return clusterPipelineWorkers != null
                ? ((RedisClusterClient) jedis).pipelined(clusterPipelineWorkers)
                : jedis.pipelined();
    }

    void close() {
        if (clusterPipelineWorkers != null) {
            clusterPipelineWorkers.shutdownNow();
        }
    }

    @Override
    public Object execute(RedisCommand command) {
        Checks.notNull(command, "command");
        gate.enter(describe(command), System.nanoTime());
        try {
            return executeInTurn(command);
        } finally {
            gate.leave();
        }
    }

    private Object executeInTurn(RedisCommand command) {
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
            throw failed(translate(e, command));
        }
    }

    @Override
    public Object executeAcknowledged(RedisCommand command, ReplicaAck ack) {
        Checks.notNull(command, "command");
        Checks.notNull(ack, "ack");
        if (!ack.required()) {
            return execute(command);
        }
        ack.requireFits(config, "ack");
        byte[] routingKey = firstKey(command);
        if (routingKey == null && clusterPipelineWorkers != null) {
            throw new IllegalArgumentException(
                    "command " + describe(command) + " names no key to route its WAIT on Cluster");
        }
        gate.enter(describe(command), System.nanoTime());
        try {
            return executeAcknowledgedInTurn(command, ack, routingKey);
        } finally {
            gate.leave();
        }
    }

    private Object executeAcknowledgedInTurn(RedisCommand command, ReplicaAck ack, byte[] routingKey) {
        long start = System.nanoTime();
        try {
            try {
                return writeThenWait(command, ack, routingKey, firstAttempt(command));
            } catch (JedisRedirectionException e) {
                LOG.debug("{} redirected ({}), refreshing the slot map", describe(command), e.getMessage());
                jedis.executeCommand(new CommandObject<>(
                        JedisSupport.arguments(Protocol.Command.EXISTS, cluster).key(routingKey),
                        BuilderFactory.RAW_OBJECT));
                return writeThenWait(command, ack, routingKey, firstAttempt(command));
            } catch (NotSent e) {
                if (!mayRetryAfter(e, start)) {
                    throw e.getCause();
                }
                LOG.debug("{} could not reach its node, sending it again after a slot-map refresh", describe(command));
                return writeThenWait(command, ack, routingKey, firstAttempt(command));
            }
        } catch (NotSent e) {
            throw failed(translate(e.getCause(), command));
        } catch (RuntimeException e) {
            throw failed(translate(e, command));
        }
    }

    /**
     * The write and a WAIT routed to the write's node, in one pipeline on one connection.
     *
     * @throws NotSent if no connection to the write's node could be opened, so nothing was sent
     */
    private Object writeThenWait(RedisCommand command, ReplicaAck ack, byte[] routingKey, CommandObject<Object> write) {
        Response<Object> reply;
        Response<Object> confirmed;
        RuntimeException broken = null;
        AbstractPipeline pipeline = openPipeline();
        try {
            try {
                reply = pipeline.executeCommand(write);
            } catch (RuntimeException e) {
                throw isConnectFailure(e) ? new NotSent(e) : e;
            }
            confirmed = pipeline.executeCommand(new CommandObject<>(
                    JedisSupport.routedArguments(Protocol.Command.WAIT, routingKey, cluster)
                            .add(ack.replicas())
                            .add(ack.timeout().toMillis()),
                    BuilderFactory.RAW_OBJECT));
            pipeline.sync();
        } catch (NotSent e) {
            throw e;
        } catch (RuntimeException e) {
            broken = e;
            reply = null;
            confirmed = null;
        } finally {
            closeQuietly(pipeline);
        }
        if (reply == null) {
            throw new RedisUnavailableException(
                    endpoint,
                    describe(command) + " was sent but the connection broke before"
                            + " its reply; it may have been applied: " + broken,
                    broken,
                    true);
        }
        Object value;
        try {
            value = reply.get();
        } catch (JedisNoScriptException e) {
            LOG.debug("NOSCRIPT for {}, sending EVAL", command.script().name());
            return writeThenWait(command, ack, routingKey, eval(command));
        } catch (IllegalStateException e) {
            throw new RedisUnavailableException(
                    endpoint,
                    describe(command) + " was sent but the connection to its node"
                            + " broke before its reply; it may have been applied",
                    e,
                    true);
        }
        long replicas;
        try {
            replicas = (Long) confirmed.get();
        } catch (IllegalStateException e) {
            throw new RedisUnavailableException(
                    endpoint,
                    describe(command) + " was applied but the connection broke before" + " WAIT answered",
                    e,
                    true);
        }
        if (replicas < ack.replicas()) {
            throw new ReplicaAckException(endpoint, describe(command), ack.replicas(), (int) replicas, value);
        }
        return value;
    }

    /** A new pipeline; on standalone and Sentinel it borrows its connection here, so a failure means nothing was sent. */
    private AbstractPipeline openPipeline() {
        try {
            return newPipeline();
        } catch (RuntimeException e) {
            throw isConnectFailure(e) || e instanceof JedisException ? new NotSent(e) : e;
        }
    }

    private static void closeQuietly(AbstractPipeline pipeline) {
        try {
            pipeline.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a broken pipeline: {}", e.toString());
        }
    }

    /** On Cluster: refresh the slot map (bounded) and say whether a retry is allowed within the call timeout. */
    private boolean mayRetryAfter(NotSent e, long callStart) {
        return topology != null
                && System.nanoTime() - callStart < retryBudgetNanos
                && topology.refreshAfter(e.failedAt)
                && System.nanoTime() - callStart < retryBudgetNanos;
    }

    /**
     * Lets a Cluster connector follow a failover after an unavailable call (not after an exhausted pool, which says
     * nothing about the topology): a background refresh, bounded like the others, so the failed call is not made
     * slower; returns {@code e}.
     */
    private RuntimeException failed(RuntimeException e) {
        if (topology != null
                && e instanceof RedisUnavailableException
                && !(e instanceof ReplicaAckException)
                && !hasCause(e, NoSuchElementException.class)) {
            topology.refreshInBackground(clusterPipelineWorkers);
        }
        return e;
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

    /** Carries a failure to open the connection a command needed: nothing was sent. */
    private static final class NotSent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient long failedAt = System.nanoTime();

        NotSent(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    @Override
    public List<Object> pipeline(List<RedisCommand> commands) {
        Checks.notNull(commands, "commands");
        if (commands.isEmpty()) {
            return List.of();
        }
        gate.enter("pipeline of " + commands.size() + " commands", System.nanoTime());
        try {
            return pipelineInTurn(commands);
        } finally {
            gate.leave();
        }
    }

    private List<Object> pipelineInTurn(List<RedisCommand> commands) {
        long start = System.nanoTime();
        Object[] replies = new Object[commands.size()];
        RuntimeException first = null;
        int from = 0;
        boolean retried = false;
        while (true) {
            Round round = pipelineRound(commands, from, replies);
            if (first == null) {
                first = round.error;
            }
            if (round.notSent == null) {
                break;
            }
            if (!retried && mayRetryAfter(round.notSent, start)) {
                LOG.debug(
                        "pipeline could not reach a node, sending its {} unsent commands again after a slot-map refresh",
                        commands.size() - round.unsentFrom);
                retried = true;
                from = round.unsentFrom;
                continue;
            }
            if (first == null) {
                first = translate(round.notSent.getCause(), commands.get(round.unsentFrom));
            }
            break;
        }
        if (first != null) {
            throw failed(first);
        }
        return Arrays.asList(replies);
    }

    /**
     * Sends {@code commands[from..]} in one pipeline and stores their replies. Stops appending when the connection
     * to a command's node cannot be opened: that command and the ones after it were not sent.
     */
    private Round pipelineRound(List<RedisCommand> commands, int from, Object[] replies) {
        AbstractPipeline pipeline;
        try {
            pipeline = openPipeline();
        } catch (NotSent e) {
            return new Round(null, from, e);
        } catch (RuntimeException e) {
            return new Round(translate(e, commands.get(from)), commands.size(), null);
        }
        List<Response<Object>> responses = new ArrayList<>(commands.size() - from);
        NotSent notSent = null;
        RuntimeException broken = null;
        try {
            for (int i = from; i < commands.size(); i++) {
                try {
                    responses.add(pipeline.executeCommand(firstAttempt(commands.get(i))));
                } catch (RuntimeException e) {
                    if (!isConnectFailure(e)) {
                        throw e;
                    }
                    notSent = new NotSent(e);
                    break;
                }
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            broken = e;
        } finally {
            closeQuietly(pipeline);
        }
        RuntimeException first = null;
        for (int i = 0; i < responses.size(); i++) {
            RedisCommand c = commands.get(from + i);
            try {
                replies[from + i] = responses.get(i).get();
            } catch (JedisNoScriptException e) {
                try {
                    replies[from + i] = jedis.executeCommand(eval(c));
                } catch (RuntimeException retry) {
                    first = first == null ? translate(retry, c) : first;
                }
            } catch (IllegalStateException e) {
                // no reply: the connection to its node broke after the command was sent (a multi-node pipeline
                // leaves the response unset; a single-node one fails its sync)
                if (first == null) {
                    first = new RedisUnavailableException(
                            endpoint,
                            "no reply for pipelined " + describe(c)
                                    + ": the connection to its node broke after it was sent, so it may have been applied"
                                    + (broken == null ? "" : " (" + broken + ")"),
                            broken == null ? e : broken,
                            true);
                }
            } catch (RuntimeException e) {
                first = first == null ? translate(e, c) : first;
            }
        }
        if (first == null && broken != null && notSent == null && responses.size() < commands.size() - from) {
            first = translate(broken, commands.get(from + responses.size()));
        }
        return new Round(first, notSent == null ? commands.size() : from + responses.size(), notSent);
    }

    /** One pipeline round: the first error among the sent commands, and where the unsent ones start (if any). */
    private record Round(RuntimeException error, int unsentFrom, NotSent notSent) {}

    @Override
    public Subscription subscribe(String channel, MessageListener listener) {
        return new JedisSubscription(jedis, gate, channel, listener);
    }

    @Override
    public long publish(String channel, byte[] message) {
        Checks.notNull(channel, "channel");
        Checks.notNull(message, "message");
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        gate.enter("PUBLISH", System.nanoTime());
        try {
            // on Cluster, routed by the channel's slot: one channel's messages go through one node, in order
            return jedis.executeCommand(new CommandObject<>(
                    JedisSupport.routedArguments(Protocol.Command.PUBLISH, name, cluster)
                            .add(name)
                            .add(message),
                    BuilderFactory.LONG));
        } catch (RuntimeException e) {
            throw failed(translate(e, RedisCommand.builder("PUBLISH").build()));
        } finally {
            gate.leave();
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

    RuntimeException translate(RuntimeException e, RedisCommand command) {
        return translate(e, command, endpoint);
    }

    /** The exception table documented on {@link RedisUnavailableException}. */
    static RuntimeException translate(RuntimeException e, RedisCommand command, String endpoint) {
        if (e instanceof RedkitException || e instanceof IllegalArgumentException) {
            return e;
        }
        if (e instanceof JedisConnectionException) {
            boolean notSent = isConnectFailure(e);
            return new RedisUnavailableException(
                    endpoint,
                    "Redis unavailable during " + describe(command) + ": " + e.getMessage()
                            + (notSent ? "" : "; it may have been applied"),
                    e,
                    !notSent);
        }
        if (e instanceof JedisClusterOperationException) {
            return new RedisUnavailableException(
                    endpoint,
                    "Redis Cluster unavailable during " + describe(command) + ": " + e.getMessage()
                            + "; it may have been applied",
                    e,
                    true);
        }
        if (e instanceof JedisRedirectionException) {
            return new RedisUnavailableException(
                    endpoint,
                    "Redis Cluster redirected " + describe(command) + " once too often: " + e.getMessage(),
                    e,
                    false);
        }
        if (e instanceof JedisDataException) {
            String notNow = notNowError(e.getMessage());
            if (notNow != null) {
                return new RedisUnavailableException(
                        endpoint,
                        "Redis cannot serve " + describe(command) + " now (" + notNow + "): " + e.getMessage(),
                        e,
                        false);
            }
            if (command != null && command.script() != null) {
                return new RedisScriptException(command.script().name(), e.getMessage(), e);
            }
            return new RedisCommandException(command == null ? "?" : command.name(), e.getMessage(), e);
        }
        if (e instanceof JedisException) {
            if (hasCause(e, NoSuchElementException.class)) {
                return new RedisUnavailableException(
                        endpoint, "no free connection in the pool for " + describe(command), e, false);
            }
            return new RedisUnavailableException(
                    endpoint,
                    "Redis call " + describe(command) + " failed: " + e.getMessage() + "; it may have been applied",
                    e,
                    true);
        }
        return new RedkitException("Redis call " + describe(command) + " failed: " + e, e);
    }

    /** Error replies that mean "this server cannot serve the command now", not "the command is wrong". */
    private static final Set<String> NOT_NOW =
            Set.of("CLUSTERDOWN", "TRYAGAIN", "LOADING", "READONLY", "MASTERDOWN", "BUSY", "NOREPLICAS");

    /**
     * The "not now" error code of an error reply, also when a script's {@code redis.call} raised it (Redis 7 keeps
     * the code first; Redis 6 reports {@code ERR Error running script ... -CODE ...}), or {@code null}.
     */
    static String notNowError(String message) {
        if (message == null) {
            return null;
        }
        String code = firstWord(message);
        if (NOT_NOW.contains(code)) {
            return code;
        }
        if (message.startsWith("ERR Error running script")) {
            int dash = message.indexOf(": -");
            while (dash >= 0) {
                String inner = firstWord(message.substring(dash + 3));
                if (NOT_NOW.contains(inner)) {
                    return inner;
                }
                dash = message.indexOf(": -", dash + 3);
            }
        }
        return null;
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= 'A' && s.charAt(end) <= 'Z') {
            end++;
        }
        return end < s.length() && s.charAt(end) != ' ' ? "" : s.substring(0, end);
    }

    /** Whether the failure happened while opening a connection or taking one from the pool: nothing was sent. */
    static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof NoSuchElementException
                    || (t instanceof JedisConnectionException
                            && t.getMessage() != null
                            && t.getMessage().startsWith("Failed to connect"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ConnectException || s instanceof NoRouteToHostException) {
                    return true;
                }
            }
        }
        return false;
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
        private final CallGate gate;
        private final String channel;
        private final MessageListener listener;
        private final Thread thread;
        private final BinaryJedisPubSub pubSub;
        private volatile boolean closed;
        private volatile boolean connected;

        JedisSubscription(UnifiedJedis jedis, CallGate gate, String channel, MessageListener listener) {
            this.jedis = jedis;
            this.gate = gate;
            this.channel = Checks.notNull(channel, "channel");
            this.listener = Checks.notNull(listener, "listener");
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
                // subscribed, it holds a pooled connection, so it holds a turn at the gate too
                if (!gate.enterForSubscription()) {
                    return;
                }
                try {
                    jedis.subscribe(pubSub, raw);
                    backoff = 50;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.debug("subscription to {} lost: {}", channel, e.toString());
                } finally {
                    gate.leave();
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
