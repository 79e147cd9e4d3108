package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/** {@link RedisOps} over one Jedis client ({@code RedisClient}, {@code RedisClusterClient} or {@code RedisSentinelClient}). */
final class JedisRedisOps implements RedisOps {

    private static final Logger LOG = LoggerFactory.getLogger(JedisRedisOps.class);

    private final UnifiedJedis jedis;
    private final String endpoint;
    /** Cluster only: the threads that send a multi-node pipeline and refresh the slot map in the background. */
    private final @Nullable ExecutorService clusterPipelineWorkers;

    private final RedisConfig config;
    private final @Nullable ClusterTopology topology;
    private final long retryBudgetNanos;
    private final boolean cluster;
    private final CallGate gate;
    private final JedisCommands jedisCommands;

    JedisRedisOps(UnifiedJedis jedis, String endpoint, RedisConfig config) {
        this.jedis = jedis;
        this.gate = new CallGate(
                config.maxConnections(), config.maxQueuedCalls(), config.callTimeout(), config.runBudget(), endpoint);
        this.endpoint = endpoint;
        this.config = config;
        this.cluster = jedis instanceof RedisClusterClient;
        this.jedisCommands = new JedisCommands(cluster);
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
    public @Nullable Object execute(RedisCommand command) {
        Checks.notNull(command, "command");
        gate.enter(command, System.nanoTime());
        try {
            return executeInTurn(command);
        } finally {
            gate.leave();
        }
    }

    private @Nullable Object executeInTurn(RedisCommand command) {
        try {
            if (command.script() == null) {
                return jedis.executeCommand(jedisCommands.toCommandObject(command));
            }
            try {
                return jedis.executeCommand(jedisCommands.evalsha(command));
            } catch (JedisNoScriptException e) {
                LOG.debug("NOSCRIPT for {}, sending EVAL", JedisErrors.describe(command));
                return jedis.executeCommand(jedisCommands.eval(command));
            }
        } catch (RuntimeException e) {
            throw failed(translate(e, command));
        }
    }

    @Override
    public @Nullable Object executeAcknowledged(RedisCommand command, ReplicaAck ack) {
        Checks.notNull(command, "command");
        Checks.notNull(ack, "ack");
        if (!ack.required()) {
            return execute(command);
        }
        ack.requireFits(config, "ack");
        byte @Nullable [] routingKey = JedisCommands.firstKey(command);
        if (routingKey == null && clusterPipelineWorkers != null) {
            throw new IllegalArgumentException(
                    "command " + JedisErrors.describe(command) + " names no key to route its WAIT on Cluster");
        }
        gate.enter(command, System.nanoTime());
        try {
            return executeAcknowledgedInTurn(command, ack, routingKey);
        } finally {
            gate.leave();
        }
    }

    private @Nullable Object executeAcknowledgedInTurn(
            RedisCommand command, ReplicaAck ack, byte @Nullable [] routingKey) {
        try {
            return onOneNode(
                    JedisErrors.describe(command),
                    routingKey,
                    () -> writeThenWait(command, ack, routingKey, jedisCommands.firstAttempt(command)));
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
    private @Nullable Object writeThenWait(
            RedisCommand command, ReplicaAck ack, byte @Nullable [] routingKey, CommandObject<Object> write) {
        @Nullable Response<Object> reply;
        @Nullable Response<Object> confirmed;
        RuntimeException broken = null;
        AbstractPipeline pipeline = openPipeline();
        try {
            try {
                reply = pipeline.executeCommand(write);
            } catch (RuntimeException e) {
                throw JedisErrors.isConnectFailure(e) ? new NotSent(e) : e;
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
        if (reply == null || confirmed == null) {
            throw brokenAfterSend(JedisErrors.describe(command), broken);
        }
        Object value;
        try {
            value = reply.get();
        } catch (JedisNoScriptException e) {
            LOG.debug("NOSCRIPT for {}, sending EVAL", JedisErrors.describe(command));
            return writeThenWait(command, ack, routingKey, jedisCommands.eval(command));
        } catch (IllegalStateException e) {
            throw new RedisUnavailableException(
                    endpoint,
                    JedisErrors.describe(command) + " was sent but the connection to its node"
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
                    JedisErrors.describe(command) + " was applied but the connection broke before" + " WAIT answered",
                    e,
                    true);
        }
        if (replicas < ack.replicas()) {
            throw new ReplicaAckException(
                    endpoint, JedisErrors.describe(command), ack.replicas(), (int) replicas, value);
        }
        return value;
    }

    /** A new pipeline; on standalone and Sentinel it borrows its connection here, so a failure means nothing was sent. */
    private AbstractPipeline openPipeline() {
        try {
            return newPipeline();
        } catch (RuntimeException e) {
            throw JedisErrors.isConnectFailure(e) || e instanceof JedisException ? new NotSent(e) : e;
        }
    }

    private static void closeQuietly(AbstractPipeline pipeline) {
        try {
            pipeline.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a broken pipeline: {}", e.toString());
        }
    }

    /**
     * Runs an attempt sent to the one node that serves {@code routingKey}'s slot, and once more after a
     * {@code MOVED}/{@code ASK} (having refreshed the slot map by a command routed through the key) or after an
     * attempt that reached no node (when {@link #mayRetryAfter} allows it within the call timeout).
     *
     * @throws NotSent if the attempt reached no node and may not be retried, or its retry reached none
     */
    private <T extends @Nullable Object> T onOneNode(String what, byte @Nullable [] routingKey, Supplier<T> attempt) {
        long start = System.nanoTime();
        try {
            return attempt.get();
        } catch (JedisRedirectionException e) {
            LOG.debug("{} redirected ({}), refreshing the slot map", what, e.getMessage());
            jedis.executeCommand(new CommandObject<>(
                    JedisSupport.arguments(Protocol.Command.EXISTS, cluster).key(routingKey),
                    BuilderFactory.RAW_OBJECT));
            return attempt.get();
        } catch (NotSent e) {
            if (!mayRetryAfter(e, start)) {
                throw e;
            }
            LOG.debug("{} could not reach its node, sending it again after a slot-map refresh", what);
            return attempt.get();
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
        ExecutorService workers = clusterPipelineWorkers;
        if (topology != null
                && workers != null
                && e instanceof RedisUnavailableException
                && !(e instanceof ReplicaAckException)
                && !JedisErrors.hasCause(e, NoSuchElementException.class)) {
            topology.refreshInBackground(workers);
        }
        return e;
    }

    /** Carries a failure to open the connection a command needed: nothing was sent. */
    private static final class NotSent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient long failedAt = System.nanoTime();
        private final transient RuntimeException failure;

        NotSent(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.failure = cause;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return failure;
        }
    }

    @Override
    public List<Object> pipeline(List<RedisCommand> commands) {
        Checks.notNull(commands, "commands");
        if (commands.isEmpty()) {
            return List.of();
        }
        gate.enter(commands, System.nanoTime());
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
                    responses.add(pipeline.executeCommand(jedisCommands.firstAttempt(commands.get(i))));
                } catch (RuntimeException e) {
                    if (!JedisErrors.isConnectFailure(e)) {
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
                    replies[from + i] = jedis.executeCommand(jedisCommands.eval(c));
                } catch (RuntimeException retry) {
                    first = first == null ? translate(retry, c) : first;
                }
            } catch (IllegalStateException e) {
                // no reply: the connection to its node broke after the command was sent (a multi-node pipeline
                // leaves the response unset; a single-node one fails its sync)
                if (first == null) {
                    first = new RedisUnavailableException(
                            endpoint,
                            "no reply for pipelined " + JedisErrors.describe(c)
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
    private record Round(
            @Nullable RuntimeException error,
            int unsentFrom,
            @Nullable NotSent notSent) {}

    @Override
    public List<Object> transaction(List<RedisCommand> commands) {
        Checks.notNull(commands, "commands");
        if (commands.isEmpty()) {
            return List.of();
        }
        byte @Nullable [] routingKey = oneSlot(commands, cluster);
        // built before anything is sent, so that no failure can leave a pooled connection inside MULTI
        List<CommandObject<Object>> queued = new ArrayList<>(commands.size());
        for (RedisCommand c : commands) {
            queued.add(jedisCommands.toCommandObject(c));
        }
        gate.enter(commands, System.nanoTime());
        try {
            return transactionInTurn(commands, queued, routingKey);
        } finally {
            gate.leave();
        }
    }

    /**
     * Checks that a transaction holds plain commands whose keys share one hash slot; on Cluster every command must
     * name a key, which routes it to the same node as the transaction's {@code MULTI}.
     *
     * @return the first key, which routes the transaction on Cluster, or {@code null} if no command names one
     */
    private static byte @Nullable [] oneSlot(List<RedisCommand> commands, boolean cluster) {
        String first = null;
        int slot = -1;
        for (RedisCommand c : commands) {
            Checks.notNull(c, "commands");
            if (c.script() != null) {
                throw new IllegalArgumentException("commands must be plain commands, not the script call "
                        + JedisErrors.describe(c) + ": a script is atomic by itself");
            }
            if (TRANSACTION_COMMANDS.contains(c.name())) {
                throw new IllegalArgumentException(
                        "commands must not hold " + c.name() + ": transaction() sends MULTI and EXEC itself");
            }
            if (cluster && c.keys().isEmpty()) {
                throw new IllegalArgumentException("commands must each name a key on Cluster, which routes them to"
                        + " the slot's node: " + c.name() + " names none");
            }
            for (String key : c.keys()) {
                int s = JedisClusterCRC16.getSlot(key);
                if (first == null) {
                    first = key;
                    slot = s;
                } else if (s != slot) {
                    throw new IllegalArgumentException(
                            "commands must keep every key in one hash slot (a KeySpace.Slot): key " + first
                                    + " is in slot " + slot + ", key " + key + " in slot " + s);
                }
            }
        }
        return first == null ? null : first.getBytes(StandardCharsets.UTF_8);
    }

    private static final RedisCommand MULTI = RedisCommand.of("MULTI");

    private static final Set<String> TRANSACTION_COMMANDS = Set.of("MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH");

    private List<Object> transactionInTurn(
            List<RedisCommand> commands, List<CommandObject<Object>> queued, byte @Nullable [] routingKey) {
        try {
            // a redirected transaction was discarded by the node that no longer serves the slot: nothing ran
            return onOneNode(
                    "transaction of " + commands.size() + " commands",
                    routingKey,
                    () -> multiExec(commands, queued, routingKey));
        } catch (NotSent e) {
            throw failed(translate(e.getCause(), commands.get(0)));
        } catch (Failed e) {
            throw failed(translate(e.getCause(), e.command));
        } catch (RuntimeException e) {
            throw failed(translate(e, commands.get(0)));
        }
    }

    /**
     * {@code MULTI}, the commands and {@code EXEC} in one pipeline on the connection to the slot's node.
     *
     * @return the replies of {@code EXEC}
     * @throws NotSent if no connection to the node could be opened, so nothing was sent
     * @throws JedisRedirectionException if the node answered a command with {@code MOVED} or {@code ASK}, so it
     *     discarded the transaction
     * @throws Failed for an error reply to a command, with that command
     */
    private List<Object> multiExec(
            List<RedisCommand> commands, List<CommandObject<Object>> queued, byte @Nullable [] routingKey) {
        List<Response<Object>> queuedReplies = new ArrayList<>(queued.size());
        @Nullable Response<Object> multi = null;
        @Nullable Response<Object> exec = null;
        RuntimeException broken = null;
        AbstractPipeline pipeline = openPipeline();
        try {
            try {
                multi = pipeline.executeCommand(transactionCommand(Protocol.Command.MULTI, routingKey));
            } catch (RuntimeException e) {
                throw JedisErrors.isConnectFailure(e) ? new NotSent(e) : e;
            }
            for (CommandObject<Object> c : queued) {
                queuedReplies.add(pipeline.executeCommand(c));
            }
            exec = pipeline.executeCommand(transactionCommand(Protocol.Command.EXEC, routingKey));
            pipeline.sync();
        } catch (NotSent e) {
            throw e;
        } catch (RuntimeException e) {
            broken = e;
            if (multi != null && exec == null) {
                discardQuietly(pipeline, routingKey);
            }
            multi = null;
            exec = null;
        } finally {
            closeQuietly(pipeline);
        }
        if (multi == null || exec == null) {
            throw brokenAfterSend("transaction of " + commands.size() + " commands", broken);
        }
        Object execReply;
        try {
            try {
                multi.get();
            } catch (JedisDataException e) {
                // MULTI refused (an ACL without it, say): the commands ran one by one, and EXEC failed
                throw new Failed(e, MULTI);
            }
            execReply = exec.get();
        } catch (IllegalStateException e) {
            throw new RedisUnavailableException(
                    endpoint,
                    "transaction of " + commands.size() + " commands was sent but the connection to its node broke"
                            + " before its reply; it may have been applied",
                    e,
                    true);
        } catch (JedisDataException e) {
            // EXECABORT: a command was refused as it was queued, and the node discarded the transaction
            for (int i = 0; i < queuedReplies.size(); i++) {
                try {
                    queuedReplies.get(i).get();
                } catch (JedisRedirectionException redirected) {
                    throw redirected;
                } catch (JedisDataException refused) {
                    throw new Failed(refused, commands.get(i));
                }
            }
            throw e;
        }
        List<Object> replies = Replies.asList(execReply);
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof JedisDataException) {
                throw new Failed((JedisDataException) replies.get(i), commands.get(i));
            }
        }
        return Collections.unmodifiableList(replies);
    }

    /**
     * Ends a transaction that failed after its {@code MULTI} and before its {@code EXEC} was queued, so that the
     * pooled connection, if it is still usable, does not go back to the pool inside {@code MULTI}.
     */
    private void discardQuietly(AbstractPipeline pipeline, byte @Nullable [] routingKey) {
        try {
            pipeline.executeCommand(transactionCommand(Protocol.Command.DISCARD, routingKey));
        } catch (RuntimeException e) {
            LOG.debug("discarding a broken transaction: {}", e.toString());
        }
    }

    private CommandObject<Object> transactionCommand(Protocol.Command command, byte @Nullable [] routingKey) {
        return new CommandObject<>(
                JedisSupport.routedArguments(command, routingKey, cluster), BuilderFactory.RAW_OBJECT);
    }

    /** Carries the error reply to one command of a transaction, to be translated for that command. */
    private static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RedisCommand command;
        private final transient RuntimeException failure;

        Failed(RuntimeException cause, RedisCommand command) {
            super(cause.getMessage(), cause, false, false);
            this.failure = cause;
            this.command = command;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return failure;
        }
    }

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

    RuntimeException translate(RuntimeException e, RedisCommand command) {
        return JedisErrors.translate(e, command, endpoint);
    }

    /** The call reached the server but the connection broke before its reply: it may have been applied. */
    private RedisUnavailableException brokenAfterSend(String what, @Nullable RuntimeException broken) {
        return new RedisUnavailableException(
                endpoint,
                what + " was sent but the connection broke before its reply; it may have been applied: " + broken,
                broken,
                true);
    }
}
