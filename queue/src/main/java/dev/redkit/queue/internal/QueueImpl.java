package dev.redkit.queue.internal;

import dev.redkit.core.CodecException;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisOps;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.Topology;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReliableQueue} implementation: one script call per state change; in strict mode enqueue and ack
 * carry a {@code WAIT} in the same round trip. Thread-safe.
 */
public final class QueueImpl<T> implements ReliableQueue<T> {

    private static final Logger LOG = LoggerFactory.getLogger(QueueImpl.class);

    static final LuaScript ENQUEUE = LuaScript.fromResource(QueueImpl.class, "enqueue.lua");
    static final LuaScript ENQUEUE_ALL = LuaScript.fromResource(QueueImpl.class, "enqueue-all.lua");
    static final LuaScript CLAIM = LuaScript.fromResource(QueueImpl.class, "claim.lua");
    static final LuaScript ACK = LuaScript.fromResource(QueueImpl.class, "ack.lua");
    static final LuaScript EXTEND = LuaScript.fromResource(QueueImpl.class, "extend.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(QueueImpl.class, "release.lua");
    static final LuaScript STATS = LuaScript.fromResource(QueueImpl.class, "stats.lua");
    static final LuaScript DEAD_LIST = LuaScript.fromResource(QueueImpl.class, "dead-list.lua");
    static final LuaScript DEAD_REPLAY = LuaScript.fromResource(QueueImpl.class, "dead-replay.lua");
    static final LuaScript DEAD_PURGE = LuaScript.fromResource(QueueImpl.class, "dead-purge.lua");

    /** Every script of the module, for the loading test. */
    public static final List<LuaScript> SCRIPTS = List.of(
            ENQUEUE,
            ENQUEUE_ALL,
            CLAIM,
            ACK,
            EXTEND,
            RELEASE,
            STATS,
            DEAD_LIST,
            DEAD_REPLAY,
            DEAD_PURGE,
            ListBridgeImpl.STAGE,
            ListBridgeImpl.COMMIT);

    /** Most wake-up tokens kept while no worker waits. */
    static final int WAKE_CAP = 64;
    /** Most jobs one {@code enqueueAll} script call stores (bounds the time one script holds Redis). */
    static final int ENQUEUE_ALL_BATCH = 500;
    /** Most jobs one claim call promotes or recovers. */
    static final int HOUSEKEEPING_BATCH = 200;
    /** Most dead letters one nack deletes to enforce the retention (claims use {@link #HOUSEKEEPING_BATCH}). */
    static final int DEAD_TRIM_BATCH = 100;

    private static final int ERROR_TEXT_LIMIT = 2000;
    private static final int MANAGE_BATCH = 1000;

    private final QueueSettings<T> s;
    private final RedisOps ops;
    private final KeySpace.Slot slot;
    private final String ready;
    private final String delayed;
    private final String inflight;
    private final String dead;
    private final String wake;
    private final String seq;
    private final String jobPrefix;
    /** TTL of the marker of a generated id against a Cluster re-send; 0 (no marker) where nothing re-sends. */
    private final long resendGuardMs;

    private final RedkitMetrics metrics;
    private final ReplicaAck replicaAck;
    /** Guards the gauges' cached stats; a reader that finds it taken uses the last value (no monitor over Redis). */
    private final ReentrantLock statsLock = new ReentrantLock();

    private volatile QueueStats cachedStats;
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
        this.ready = slot.key("ready");
        this.delayed = slot.key("delayed");
        this.inflight = slot.key("inflight");
        this.dead = slot.key("dead");
        this.wake = slot.key("wake");
        this.seq = slot.key("seq");
        this.jobPrefix = slot.key("job") + ':';
        RedisConfig config = settings.connector().config();
        long socketMs = config.socketTimeout().toMillis();
        // only Cluster re-sends a command whose reply timed out; elsewhere a generated id needs no marker
        boolean resends = config.topology() == Topology.CLUSTER && config.clusterMaxAttempts() > 1;
        this.resendGuardMs = resends ? Math.max(10_000, 2 * socketMs * config.clusterMaxAttempts()) : 0;
        this.metrics = RedkitMetrics.of(settings.meterRegistry(), "queue", settings.name());
        this.replicaAck = settings.replicaAck();
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
    private QueueStats cachedStats() {
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
        Prepared p = prepare(job, options, s.clock().millis(), "job", "options");
        RedisCommand call = enqueueCommand(p.id(), p.payload(), p.now(), p.runAt(), p.priority(), p.dedupeMs());
        boolean created = metrics.time("enqueue", () -> enqueueConfirmed(call) == 1, c -> c ? "created" : "duplicate");
        if (created) {
            metrics.increment("enqueued");
        }
        return new EnqueueResult(p.id(), created);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<? extends T> jobs) {
        return enqueueAll(jobs, job -> EnqueueOptions.immediate());
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<? extends T> jobs, Function<? super T, EnqueueOptions> options) {
        Checks.notNull(jobs, "jobs");
        Checks.notNull(options, "options");
        List<Prepared> all = new ArrayList<>(jobs.size());
        long now = s.clock().millis();
        for (int i = 0; i < jobs.size(); i++) {
            T job = jobs.get(i);
            Checks.notNull(job, "jobs[" + i + "]");
            all.add(prepare(job, options.apply(job), now, "jobs[" + i + "]", "options(jobs[" + i + "])"));
        }
        List<EnqueueResult> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += ENQUEUE_ALL_BATCH) {
            List<Prepared> chunk = all.subList(from, Math.min(all.size(), from + ENQUEUE_ALL_BATCH));
            List<Object> reply = metrics.time("enqueue_all", () -> enqueueChunk(chunk));
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new EnqueueResult(chunk.get(i).id(), Replies.asLong(reply.get(i)) == 1));
            }
        }
        return out;
    }

    /** Runs one batch script, with its {@code WAIT} in strict mode; counts what it created. */
    private List<Object> enqueueChunk(List<Prepared> chunk) {
        List<String> keys = new ArrayList<>(4 + 2 * chunk.size());
        keys.addAll(List.of(ready, delayed, wake, seq));
        List<Object> args = new ArrayList<>(3 + 6 * chunk.size());
        args.add(chunk.get(0).now());
        args.add(WAKE_CAP);
        args.add(strict() ? 1 : 0);
        for (Prepared p : chunk) {
            keys.add(p.jobKey());
            keys.add(p.dedupeKey());
            args.add(p.id());
            args.add(p.member());
            args.add(p.payload());
            args.add(p.runAt());
            args.add(p.priority());
            args.add(p.dedupeMs());
        }
        List<Object> reply;
        try {
            reply = Replies.asList(ops.executeAcknowledged(ENQUEUE_ALL.call(keys, args), replicaAck));
        } catch (ReplicaAckException e) {
            metrics.increment("unconfirmed", "operation", "enqueue");
            countCreated(Replies.asList(e.reply()));
            throw e;
        }
        countCreated(reply);
        return reply;
    }

    private void countCreated(List<Object> reply) {
        long created = reply.stream().filter(r -> Replies.asLong(r) == 1).count();
        if (created > 0) {
            metrics.increment("enqueued", created);
        }
    }

    /** One validated job, ready for an enqueue script. */
    private record Prepared(
            String id,
            String member,
            String jobKey,
            String dedupeKey,
            byte[] payload,
            long now,
            long runAt,
            int priority,
            long dedupeMs) {}

    /** Encodes and checks one job the same way for {@code enqueue} and {@code enqueueAll}. */
    private Prepared prepare(T job, EnqueueOptions options, long now, String jobParam, String optionsParam) {
        Checks.notNull(job, jobParam);
        Checks.notNull(options, optionsParam);
        byte[] payload = s.codec().encode(job);
        if (payload.length > s.maxPayloadBytes()) {
            throw new IllegalArgumentException(jobParam + " encodes to " + payload.length
                    + " bytes, more than maxPayloadBytes (" + s.maxPayloadBytes() + ")");
        }
        boolean explicit = options.id() != null;
        String id = explicit ? options.id() : SecretHasher.randomToken(16);
        long runAt;
        try {
            runAt = options.runTime(Instant.ofEpochMilli(now)).toEpochMilli();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("run time is out of range: " + options);
        }
        return new Prepared(
                id,
                KeySpace.encode(id, "id"),
                slot.key("job", id),
                slot.key("dedupe", id),
                payload,
                now,
                runAt,
                options.priority(),
                explicit ? s.idempotencyWindow().toMillis() : resendGuardMs);
    }

    RedisCommand enqueueCommand(String id, byte[] payload, long now, long runAt, int priority, long dedupeMs) {
        String member = KeySpace.encode(id, "id");
        return ENQUEUE.call(
                List.of(ready, delayed, wake, seq, slot.key("job", id), slot.key("dedupe", id)),
                List.of(id, member, payload, now, runAt, priority, dedupeMs, WAKE_CAP, strict() ? 1 : 0));
    }

    /** @return whether enqueue and ack wait for replica confirmations */
    boolean strict() {
        return replicaAck.required();
    }

    /**
     * Runs one enqueue script, with its {@code WAIT} in strict mode. An unconfirmed enqueue is counted (and
     * counted as enqueued when it created the job, since a retry under its id will not) and rethrown.
     *
     * @return the script's reply: 1 when the job was created, 0 when its id was known
     * @throws ReplicaAckException when the job is on the primary but not confirmed
     */
    long enqueueConfirmed(RedisCommand call) {
        try {
            return Replies.asLong(ops.executeAcknowledged(call, replicaAck));
        } catch (ReplicaAckException e) {
            metrics.increment("unconfirmed", "operation", "enqueue");
            if (Replies.asLong(e.reply()) == 1) {
                metrics.increment("enqueued");
            }
            throw e;
        }
    }

    long idempotencyWindowMillis() {
        return s.idempotencyWindow().toMillis();
    }

    ClaimBatch claim(int count) {
        return claim(count, true, null, true).batch();
    }

    /**
     * Runs the claim script: optionally settles deliveries first (acks of several, or a nack of one), optionally
     * runs the housekeeping (promotion, recovery, dead-letter retention), then claims up to {@code count} ready
     * jobs, all in one round trip. Acks are confirmed by the replicas in strict mode ({@code WAIT} in the same
     * round trip); a nack is not.
     *
     * @param count how many jobs to claim, 0 for none
     * @param housekeeping whether to promote, recover and trim (the fetch loop, {@code recover()}, {@code poll()})
     * @param settle the deliveries to ack, or the one to nack, or null
     * @param fetch true for a fetch thread, {@code poll()} or {@code recover()}: a claim that leaves jobs ready
     *     wakes another worker
     * @return how the settling went, and the claimed jobs (the reply carries the next due time when the ready
     *     set ran short)
     * @throws ReplicaAckException never for acks: an unconfirmed ack is counted, logged and reported as done
     */
    Settled claim(int count, boolean housekeeping, Settle settle, boolean fetch) {
        long now = s.clock().millis();
        long deadline = now + s.visibilityTimeout().toMillis();
        String tokenBase = count > 0 ? SecretHasher.randomToken(16) : "-";
        boolean nack = settle != null && settle.nack();
        List<Claimed> acks = settle == null || nack ? List.of() : settle.claimed();
        List<Object> args = new ArrayList<>(18 + 2 * acks.size());
        args.addAll(List.of(
                now,
                count,
                deadline,
                tokenBase,
                jobPrefix,
                s.maxAttempts(),
                housekeeping ? HOUSEKEEPING_BATCH : 0,
                s.deadLetterMaxCount(),
                s.deadLetterMaxAge().toMillis(),
                fetch ? 1 : 0));
        Claimed target = null;
        if (nack) {
            target = settle.claimed().get(0);
            long retryAt =
                    now + s.backoff().delay(Math.max(1, target.attempts())).toMillis();
            String error = settle.error() == null ? "" : settle.error();
            String text = error.length() > ERROR_TEXT_LIMIT ? error.substring(0, ERROR_TEXT_LIMIT) : error;
            args.addAll(List.of(
                    "nack",
                    target.member(),
                    target.token(),
                    retryAt,
                    text,
                    settle.poison() ? 1 : 0,
                    DEAD_TRIM_BATCH,
                    WAKE_CAP));
        } else if (!acks.isEmpty()) {
            args.add("ack");
            for (Claimed c : acks) {
                args.add(c.member());
                args.add(c.token());
            }
        } else {
            args.add("none");
        }
        RedisCommand call = CLAIM.call(
                List.of(
                        ready,
                        delayed,
                        inflight,
                        dead,
                        wake,
                        seq,
                        target == null ? ready : jobPrefix + target.member()),
                args);
        List<Object> reply;
        if (acks.isEmpty()) {
            reply = Replies.asList(ops.execute(call));
        } else {
            try {
                reply = Replies.asList(ops.executeAcknowledged(call, replicaAck));
            } catch (ReplicaAckException e) {
                reply = Replies.asList(e.reply());
                String flags = Replies.asString(reply.get(0));
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < flags.length() && i < acks.size(); i++) {
                    if (flags.charAt(i) == '1') {
                        ids.add(acks.get(i).id());
                    }
                }
                if (!ids.isEmpty()) {
                    ids.forEach(id -> metrics.increment("unconfirmed", "operation", "ack"));
                    String what = ids.size() == 1
                            ? "job " + ids.get(0) + " was"
                            : ids.size() + " jobs (" + String.join(", ", ids.subList(0, Math.min(5, ids.size())))
                                    + (ids.size() > 5 ? ", ..." : "") + ") were";
                    LOG.warn(
                            "queue {}: {} acked but confirmed by {} of {} replicas; a failover before they catch up"
                                    + " would run it again",
                            s.name(),
                            what,
                            e.acknowledged(),
                            e.required());
                }
            }
        }
        NackOutcome nackOutcome = null;
        boolean[] acked = new boolean[acks.size()];
        if (nack) {
            long settled = Replies.asLong(reply.get(0));
            nackOutcome = settled == 2
                    ? NackOutcome.DEAD_LETTERED
                    : settled == 1 ? NackOutcome.RETRY_SCHEDULED : NackOutcome.LEASE_LOST;
            metrics.increment(settled == 2 ? "dead_lettered" : settled == 1 ? "retried" : "lease_lost");
        } else if (!acks.isEmpty()) {
            String flags = Replies.asString(reply.get(0));
            int done = 0;
            for (int i = 0; i < acked.length; i++) {
                acked[i] = i < flags.length() && flags.charAt(i) == '1';
                done += acked[i] ? 1 : 0;
            }
            if (done > 0) {
                metrics.increment("completed", done);
            }
            if (done < acked.length) {
                metrics.increment("lease_lost", acked.length - done);
            }
        }
        long promoted = Replies.asLong(reply.get(1));
        long recovered = Replies.asLong(reply.get(2));
        long deadLettered = Replies.asLong(reply.get(3));
        long nextDue = Replies.asLong(reply.get(4));
        trimmed(Replies.asLong(reply.get(5)));
        if (recovered > 0) {
            metrics.increment("recovered", recovered);
            LOG.debug("queue {}: recovered {} lapsed leases", s.name(), recovered);
        }
        if (deadLettered > 0) {
            metrics.increment("dead_lettered", deadLettered);
            LOG.warn("queue {}: dead-lettered {} jobs whose last lease lapsed", s.name(), deadLettered);
        }
        List<Claimed> jobs = new ArrayList<>((reply.size() - 6) / 6);
        for (int i = 6; i + 5 < reply.size(); i += 6) {
            jobs.add(new Claimed(
                    Replies.asString(reply.get(i)),
                    Replies.asString(reply.get(i + 1)),
                    (int) Replies.asLong(reply.get(i + 2)),
                    Replies.asBytes(reply.get(i + 3)),
                    Replies.asLong(reply.get(i + 4)),
                    Replies.asString(reply.get(i + 5)),
                    deadline));
        }
        return new Settled(
                acked, nackOutcome, new ClaimBatch((int) (promoted + recovered + deadLettered), nextDue, jobs));
    }

    /**
     * What to settle before a claim: acks of one or more deliveries, or a nack of one.
     *
     * @param claimed the deliveries (exactly one for a nack)
     * @param nack false to ack, true to nack
     * @param error the error text of a nack
     * @param poison whether a nack dead-letters at once
     */
    record Settle(List<Claimed> claimed, boolean nack, String error, boolean poison) {
        static Settle ack(List<Claimed> c) {
            return new Settle(List.copyOf(c), false, null, false);
        }

        static Settle nack(Claimed c, String error, boolean poison) {
            return new Settle(List.of(c), true, error, poison);
        }
    }

    /**
     * The reply of a claim call.
     *
     * @param acked per acked delivery, in order, whether the ack removed the job (false: the lease was lost)
     * @param nacked the outcome of the nack it carried, or null
     * @param batch the housekeeping figures and the claimed jobs
     */
    record Settled(boolean[] acked, NackOutcome nacked, ClaimBatch batch) {}

    private void trimmed(long n) {
        if (n > 0) {
            metrics.increment("dead_letters_trimmed", n);
            LOG.debug(
                    "queue {}: deleted {} dead letters past the retention ({} letters, {})",
                    s.name(),
                    n,
                    s.deadLetterMaxCount(),
                    s.deadLetterMaxAge());
        }
    }

    /**
     * Decodes a claimed payload; a failure dead-letters the job at once (poison message).
     *
     * @return the job, or null when it was poison
     */
    T decodeOrBury(Claimed c) {
        try {
            return s.codec().decode(jobPrefix + c.member(), c.payload());
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
        RedisCommand call = ACK.call(List.of(inflight, jobPrefix + c.member()), List.of(c.member(), c.token()));
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
        return claim(0, false, Settle.nack(c, error, poison), false).nacked();
    }

    /**
     * Extends several leases in one call.
     *
     * @return per delivery whether it is still owned
     */
    boolean[] extend(List<DeliveryImpl<T>> deliveries) {
        long deadline = s.clock().millis() + s.visibilityTimeout().toMillis();
        List<Object> args = new ArrayList<>(2 + 2 * deliveries.size());
        args.add(jobPrefix);
        args.add(deadline);
        for (DeliveryImpl<T> d : deliveries) {
            args.add(d.claimed().member());
            args.add(d.claimed().token());
        }
        List<Object> reply = Replies.asList(ops.execute(EXTEND.call(List.of(inflight), args)));
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
                        List.of(inflight, ready, seq, wake, jobPrefix + c.member()),
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
                        .key(wake)
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
        return new WorkerImpl.BuilderImpl<>(this, handler);
    }

    @Override
    public Worker.Builder worker(Consumer<? super T> handler) {
        Checks.notNull(handler, "handler");
        return new WorkerImpl.BuilderImpl<>(this, (job, ctx) -> handler.accept(job));
    }

    @Override
    public int recover() {
        return claim(0).moved();
    }

    @Override
    public QueueStats stats() {
        List<Object> r = Replies.asList(ops.execute(STATS.call(List.of(ready, inflight, delayed, dead), List.of())));
        return new QueueStats(
                Replies.asLong(r.get(0)), Replies.asLong(r.get(1)), Replies.asLong(r.get(2)), Replies.asLong(r.get(3)));
    }

    @Override
    public List<DeadLetter<T>> deadLetters(int offset, int limit) {
        Checks.between(offset, 0, Integer.MAX_VALUE, "offset");
        Checks.between(limit, 1, MANAGE_BATCH, "limit");
        List<Object> r = Replies.asList(ops.execute(DEAD_LIST.call(List.of(dead), List.of(jobPrefix, offset, limit))));
        List<DeadLetter<T>> out = new ArrayList<>(r.size() / 6);
        for (int i = 0; i + 5 < r.size(); i += 6) {
            String id = Replies.asString(r.get(i));
            byte[] payload = Replies.asBytes(r.get(i + 1));
            Optional<T> job;
            try {
                job = Optional.of(s.codec().decode(payload));
            } catch (CodecException e) {
                job = Optional.empty();
            }
            out.add(new DeadLetter<>(
                    id,
                    job,
                    (int) parseLong(r.get(i + 2)),
                    Replies.asString(r.get(i + 3)),
                    Instant.ofEpochMilli(parseLong(r.get(i + 4))),
                    Instant.ofEpochMilli(parseLong(r.get(i + 5)))));
        }
        return out;
    }

    private static long parseLong(Object reply) {
        String text = Replies.asString(reply);
        return text == null || text.isEmpty() ? 0 : Long.parseLong(text);
    }

    @Override
    public boolean replayDeadLetter(String id) {
        String member = KeySpace.encode(id, "id");
        return Replies.asLong(ops.execute(
                        DEAD_REPLAY.call(List.of(dead, ready, seq, wake), List.of(jobPrefix, 1, WAKE_CAP, member))))
                == 1;
    }

    @Override
    public long replayDeadLetters() {
        long total = 0;
        long n;
        do {
            n = Replies.asLong(ops.execute(
                    DEAD_REPLAY.call(List.of(dead, ready, seq, wake), List.of(jobPrefix, MANAGE_BATCH, WAKE_CAP))));
            total += n;
        } while (n == MANAGE_BATCH);
        return total;
    }

    @Override
    public boolean purgeDeadLetter(String id) {
        String member = KeySpace.encode(id, "id");
        return Replies.asLong(ops.execute(DEAD_PURGE.call(List.of(dead), List.of(jobPrefix, 1, member)))) == 1;
    }

    @Override
    public long purgeDeadLetters() {
        long total = 0;
        long n;
        do {
            n = Replies.asLong(ops.execute(DEAD_PURGE.call(List.of(dead), List.of(jobPrefix, MANAGE_BATCH))));
            total += n;
        } while (n == MANAGE_BATCH);
        return total;
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
        return Arrays.asList(ready, delayed, inflight, dead, wake, seq);
    }

    @Override
    public String toString() {
        return "ReliableQueue{name=" + s.name() + ", codec=" + s.codec().typeName() + ", visibilityTimeout="
                + s.visibilityTimeout() + ", maxAttempts=" + s.maxAttempts() + ", backoff=" + s.backoff()
                + ", replicaAck=" + replicaAck + '}';
    }
}
