package dev.redkit.queue.internal;

import dev.redkit.core.CodecException;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.DeadLetter;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.EnqueueResult;
import dev.redkit.queue.JobHandler;
import dev.redkit.queue.ListBridge;
import dev.redkit.queue.NackOutcome;
import dev.redkit.queue.QueueStats;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReliableQueue} implementation: one script call per state change; in strict mode enqueue and ack
 * carry a {@code WAIT} in the same round trip. Thread-safe.
 */
public final class QueueImpl<T> implements ReliableQueue<T> {

    private static final Logger LOG = LoggerFactory.getLogger(QueueImpl.class);

    static final LuaScript ACK = LuaScript.fromResource(QueueImpl.class, "ack.lua");
    static final LuaScript EXTEND = LuaScript.fromResource(QueueImpl.class, "extend.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(QueueImpl.class, "release.lua");
    static final LuaScript STATS = LuaScript.fromResource(QueueImpl.class, "stats.lua");

    /** Every script of the module, for the loading test. */
    public static final List<LuaScript> SCRIPTS = List.of(
            Enqueuer.ENQUEUE,
            Enqueuer.ENQUEUE_ALL,
            Claims.CLAIM,
            ACK,
            EXTEND,
            RELEASE,
            STATS,
            DeadLetterAdmin.DEAD_LIST,
            DeadLetterAdmin.DEAD_REPLAY,
            DeadLetterAdmin.DEAD_PURGE,
            ListBridgeImpl.STAGE,
            ListBridgeImpl.COMMIT);

    /** Most wake-up tokens kept while no worker waits. */
    static final int WAKE_CAP = 64;

    private final QueueSettings<T> s;
    private final RedisOps ops;
    private final KeySpace.Slot slot;
    private final QueueKeys k;

    private final RedkitMetrics metrics;
    private final ReplicaAck replicaAck;
    private final Enqueuer<T> enqueuer;
    private final Claims<T> claims;
    private final DeadLetterAdmin<T> deadLetters;
    /** Guards the gauges' cached stats; a reader that finds it taken uses the last value (no monitor over Redis). */
    private final ReentrantLock statsLock = new ReentrantLock();

    /** The gauges' last stats; null before the first read and while Redis is unreachable. */
    private volatile @Nullable QueueStats cachedStats;

    private long cachedAt;

    /**
     * Creates the queue.
     *
     * @param settings validated settings
     */
    public QueueImpl(QueueSettings<T> settings) {
        this.s = settings;
        this.ops = settings.connector().ops();
        this.slot = settings.connector().keySpace("queue", settings.name()).nameSlot();
        this.k = QueueKeys.of(slot);
        this.metrics = RedkitMetrics.of(settings.meterRegistry(), "queue", settings.name());
        this.replicaAck = settings.replicaAck();
        this.enqueuer = new Enqueuer<>(settings, slot, metrics);
        this.claims = new Claims<>(settings, slot, metrics);
        this.deadLetters = new DeadLetterAdmin<>(settings, slot);
        MeterRegistry registry = metrics.registry();
        if (registry != null) {
            registerGauges(registry);
        }
    }

    private void registerGauges(MeterRegistry registry) {
        gauge(registry, "waiting", QueueStats::waiting);
        gauge(registry, "in_flight", QueueStats::inFlight);
        gauge(registry, "delayed", QueueStats::delayed);
        gauge(registry, "dead", QueueStats::dead);
    }

    private void gauge(MeterRegistry registry, String state, ToDoubleFunction<QueueStats> field) {
        Gauge.builder("redkit.queue.depth", this, q -> {
                    QueueStats st = q.cachedStats();
                    return st == null ? Double.NaN : field.applyAsDouble(st);
                })
                .tag("name", s.name())
                .tag("state", state)
                .register(registry);
    }

    /** Stats for gauges: at most one read per 5 s; null while Redis is unreachable. */
    private @Nullable QueueStats cachedStats() {
        if (!statsLock.tryLock()) {
            return cachedStats;
        }
        try {
            long now = System.nanoTime();
            if (cachedStats == null || now - cachedAt > 5_000_000_000L) {
                try {
                    cachedStats = stats();
                } catch (RuntimeException e) {
                    LOG.debug("queue {}: stats for gauges failed: {}", s.name(), e.toString());
                    cachedStats = null;
                }
                cachedAt = now;
            }
            return cachedStats;
        } finally {
            statsLock.unlock();
        }
    }

    @Override
    public String name() {
        return s.name();
    }

    QueueSettings<T> settings() {
        return s;
    }

    Clock clock() {
        return s.clock();
    }

    RedisOps ops() {
        return ops;
    }

    RedkitMetrics metrics() {
        return metrics;
    }

    @Override
    public EnqueueResult enqueue(T job) {
        return enqueue(job, EnqueueOptions.immediate());
    }

    @Override
    public EnqueueResult enqueue(T job, EnqueueOptions options) {
        return enqueuer.enqueue(job, options);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<? extends T> jobs) {
        return enqueueAll(jobs, job -> EnqueueOptions.immediate());
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<? extends T> jobs, Function<? super T, EnqueueOptions> options) {
        return enqueuer.enqueueAll(jobs, options);
    }

    /** @return the queue's write side, for the list bridge */
    Enqueuer<T> enqueuer() {
        return enqueuer;
    }

    /** @return whether enqueue and ack wait for replica confirmations */
    boolean strict() {
        return replicaAck.required();
    }

    ClaimBatch claim(int count) {
        return claim(count, true, null, true).batch();
    }

    /**
     * Runs one claim call; see {@link Claims#claim(int, boolean, Claims.Settle, boolean)}.
     */
    Claims.Settled claim(int count, boolean housekeeping, Claims.@Nullable Settle settle, boolean fetch) {
        return claims.claim(count, housekeeping, settle, fetch);
    }

    /**
     * Decodes a claimed payload; a failure dead-letters the job at once (poison message).
     *
     * @return the job, or null when it was poison
     */
    @Nullable
    T decodeOrBury(Claimed c) {
        try {
            return s.codec().decode(k.jobPrefix() + c.member(), c.payload());
        } catch (CodecException e) {
            LOG.warn(
                    "queue {}: job {} cannot be decoded, moving it to the dead-letter set: {}",
                    s.name(),
                    c.id(),
                    e.getMessage());
            metrics.increment("poison");
            nack(c, "poison message: " + e.getMessage(), true);
            return null;
        }
    }

    /**
     * Acks one delivery, with its {@code WAIT} in strict mode.
     *
     * @return true when the job was removed, false when the lease was lost
     * @throws ReplicaAckException when the primary removed the job but too few replicas confirmed it; counted
     *     as completed and as an unconfirmed ack. An ack that found its lease lost wrote nothing to confirm, so
     *     it returns false whatever the replicas answered.
     */
    boolean ack(Claimed c) {
        RedisCommand call = ACK.call(List.of(k.inflight(), k.jobPrefix() + c.member()), List.of(c.member(), c.token()));
        boolean done;
        try {
            done = Replies.asLong(ops.executeAcknowledged(call, replicaAck)) == 1;
        } catch (ReplicaAckException e) {
            done = Replies.asLong(e.reply()) == 1;
            if (done) {
                metrics.increment("completed");
                metrics.increment("unconfirmed", "operation", "ack");
                throw e;
            }
        }
        metrics.increment(done ? "completed" : "lease_lost");
        return done;
    }

    NackOutcome nack(Claimed c, String error, boolean poison) {
        return Objects.requireNonNull(
                claim(0, false, Claims.Settle.nack(c, error, poison), false).nacked(),
                "a claim call that carries a nack reports its outcome");
    }

    /**
     * Extends several leases in one call.
     *
     * @return per delivery whether it is still owned
     */
    boolean[] extend(List<DeliveryImpl<T>> deliveries) {
        long deadline = s.clock().millis() + s.visibilityTimeout().toMillis();
        List<Object> args = new ArrayList<>(2 + 2 * deliveries.size());
        args.add(k.jobPrefix());
        args.add(deadline);
        for (DeliveryImpl<T> d : deliveries) {
            args.add(d.claimed().member());
            args.add(d.claimed().token());
        }
        List<Object> reply = Replies.asList(ops.execute(EXTEND.call(List.of(k.inflight()), args)));
        boolean[] ok = new boolean[deliveries.size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = Replies.asLong(reply.get(i)) == 1;
            if (ok[i]) {
                deliveries.get(i).leaseExtendedTo(deadline);
            }
        }
        return ok;
    }

    boolean release(Claimed c) {
        return Replies.asLong(ops.execute(RELEASE.call(
                        List.of(k.inflight(), k.ready(), k.seq(), k.wake(), k.jobPrefix() + c.member()),
                        List.of(c.member(), c.token(), WAKE_CAP))))
                == 1;
    }

    /**
     * Blocks on the wake-up list for at most {@code millis}.
     *
     * @return true when a token arrived, false when the wait timed out
     */
    boolean awaitWake(long millis) {
        long ms = Math.max(10, millis);
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
        return ops.execute(RedisCommand.builder("BLPOP")
                        .key(k.wake())
                        .arg(seconds)
                        .blocking()
                        .build())
                != null;
    }

    @Override
    public Optional<Delivery<T>> poll() {
        for (int i = 0; i < 100; i++) {
            ClaimBatch batch = claim(1);
            if (batch.jobs().isEmpty()) {
                return Optional.empty();
            }
            Claimed c = batch.jobs().get(0);
            T job = decodeOrBury(c);
            if (job != null) {
                return Optional.of(new DeliveryImpl<>(this, c, job));
            }
        }
        return Optional.empty();
    }

    @Override
    public Worker.Builder worker(JobHandler<T> handler) {
        Checks.notNull(handler, "handler");
        return new WorkerBuilderImpl<>(this, handler);
    }

    @Override
    public Worker.Builder worker(Consumer<? super T> handler) {
        Checks.notNull(handler, "handler");
        return new WorkerBuilderImpl<>(this, (job, ctx) -> handler.accept(job));
    }

    @Override
    public int recover() {
        return claim(0).moved();
    }

    @Override
    public QueueStats stats() {
        List<Object> r = Replies.asList(
                ops.execute(STATS.call(List.of(k.ready(), k.inflight(), k.delayed(), k.dead()), List.of())));
        return new QueueStats(
                Replies.asLong(r.get(0)), Replies.asLong(r.get(1)), Replies.asLong(r.get(2)), Replies.asLong(r.get(3)));
    }

    @Override
    public List<DeadLetter<T>> deadLetters(int offset, int limit) {
        return deadLetters.deadLetters(offset, limit);
    }

    @Override
    public boolean replayDeadLetter(String id) {
        return deadLetters.replayDeadLetter(id);
    }

    @Override
    public long replayDeadLetters() {
        return deadLetters.replayDeadLetters();
    }

    @Override
    public boolean purgeDeadLetter(String id) {
        return deadLetters.purgeDeadLetter(id);
    }

    @Override
    public long purgeDeadLetters() {
        return deadLetters.purgeDeadLetters();
    }

    @Override
    public ListBridge listBridge(String sourceList) {
        return new ListBridgeImpl<>(this, sourceList);
    }

    /** @return the Redis key of a job's hash, for tests and tools */
    public String jobKey(String id) {
        return slot.key("job", id);
    }

    /** @return every key name of the queue's fixed structures, for tests and tools */
    public List<String> structureKeys() {
        return Arrays.asList(k.ready(), k.delayed(), k.inflight(), k.dead(), k.wake(), k.seq());
    }

    @Override
    public String toString() {
        return "ReliableQueue{name=" + s.name() + ", codec=" + s.codec().typeName() + ", visibilityTimeout="
                + s.visibilityTimeout() + ", maxAttempts=" + s.maxAttempts() + ", backoff=" + s.backoff()
                + ", replicaAck=" + replicaAck + '}';
    }
}
