package dev.redkit.queue.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.Topology;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.EnqueueResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The write side of a {@link QueueImpl}: validates and encodes jobs, and stores them with one script call per
 * job ({@code enqueue}), per group of concurrent {@code enqueue} callers ({@link GroupCommit}) or per batch
 * ({@code enqueueAll}); in strict mode each call carries a {@code WAIT} in the same round trip. Thread-safe.
 */
final class Enqueuer<T> {

    static final LuaScript ENQUEUE = LuaScript.fromResource(Enqueuer.class, "enqueue.lua");
    static final LuaScript ENQUEUE_ALL = LuaScript.fromResource(Enqueuer.class, "enqueue-all.lua");

    /** Most jobs one {@code enqueueAll} script call stores (bounds the time one script holds Redis). */
    static final int ENQUEUE_ALL_BATCH = 500;

    /**
     * Most payload bytes one group-committed call carries (a job larger than this goes alone): concurrent callers
     * with large jobs do not add up to one call that holds Redis for long.
     */
    static final long GROUP_BYTES = 256 * 1024;

    private final QueueSettings<T> s;
    private final RedisOps ops;
    private final KeySpace.Slot slot;
    private final QueueKeys k;
    /** TTL of the marker of a generated id against a Cluster re-send; 0 (no marker) where nothing re-sends. */
    private final long resendGuardMs;

    private final RedkitMetrics metrics;
    private final ReplicaAck replicaAck;
    private final GroupCommit<Prepared> group =
            new GroupCommit<>(ENQUEUE_ALL_BATCH, p -> p.payload().length, GROUP_BYTES, this::sendGroup);

    Enqueuer(QueueSettings<T> settings, KeySpace.Slot slot, RedkitMetrics metrics) {
        this.s = settings;
        this.ops = settings.connector().ops();
        this.slot = slot;
        this.k = QueueKeys.of(slot);
        RedisConfig config = settings.connector().config();
        long socketMs = config.socketTimeout().toMillis();
        // only Cluster re-sends a command whose reply timed out; elsewhere a generated id needs no marker
        boolean resends = config.topology() == Topology.CLUSTER && config.clusterMaxAttempts() > 1;
        this.resendGuardMs = resends ? Math.max(10_000, 2 * socketMs * config.clusterMaxAttempts()) : 0;
        this.metrics = metrics;
        this.replicaAck = settings.replicaAck();
    }

    /**
     * Enqueues one job. A caller that finds no enqueue of this queue in flight sends its job at once (one
     * {@code enqueue} script call, with its {@code WAIT} in strict mode); callers that arrive while one is in
     * flight wait for it and then go out together, in one {@code enqueue-all} call of up to
     * {@link #ENQUEUE_ALL_BATCH} jobs and {@link #GROUP_BYTES} of payload (group commit: under many producers a job
     * costs Redis a fraction of a call of its own). Each caller still gets its own result, or its own exception
     * when the call fails.
     */
    EnqueueResult enqueue(T job, EnqueueOptions options) {
        Prepared p = prepare(job, options, s.clock().millis(), "job", "options");
        boolean created = metrics.time("enqueue", () -> group.submit(p) == 1, c -> c ? "created" : "duplicate");
        return new EnqueueResult(p.id(), created);
    }

    /** Enqueues jobs in script calls of at most {@link #ENQUEUE_ALL_BATCH}, each with its {@code WAIT} in strict mode. */
    List<EnqueueResult> enqueueAll(List<? extends T> jobs, Function<? super T, EnqueueOptions> options) {
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

    /**
     * Sends the jobs of concurrent {@link #enqueue} callers: one job alone as the {@code enqueue} script, several
     * as one {@code enqueue-all} call (jobs may carry different times, priorities and ids: the batch script
     * applies each job's own options, with the same rule per id as one call each).
     *
     * @return 1 or 0 per job, as the scripts return them
     */
    private long[] send(List<Prepared> jobs) {
        if (jobs.size() == 1) {
            Prepared p = jobs.get(0);
            long created = enqueueConfirmed(
                    enqueueCommand(p.id(), p.generated(), p.payload(), p.now(), p.runAt(), p.priority(), p.dedupeMs()));
            if (created == 1) {
                metrics.increment("enqueued");
            }
            return new long[] {created};
        }
        List<Object> reply = enqueueChunk(jobs);
        long[] out = new long[jobs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Replies.asLong(reply.get(i));
        }
        return out;
    }

    /**
     * Sends the jobs of a {@link GroupCommit} batch and gives each caller its outcome. When a batch of several
     * fails, each caller gets its own exception of the same type (the batch's as the cause): a
     * {@link ReplicaAckException} carrying its own job's reply (1 created, 0 id known), or a
     * {@link RedisUnavailableException} with the batch's {@code mayHaveBeenApplied}.
     */
    private void sendGroup(List<GroupCommit.Call<Prepared>> calls) {
        int n = calls.size();
        List<Prepared> jobs = new ArrayList<>(n);
        for (GroupCommit.Call<Prepared> c : calls) {
            jobs.add(c.job);
        }
        try {
            long[] replies = send(jobs);
            for (int i = 0; i < n; i++) {
                calls.get(i).succeed(replies[i]);
            }
        } catch (ReplicaAckException e) {
            List<Object> replies = n == 1 ? List.of() : Replies.asList(e.reply());
            for (int i = 0; i < n; i++) {
                calls.get(i)
                        .fail(
                                n == 1
                                        ? e
                                        : new ReplicaAckException(
                                                e.endpoint(),
                                                "enqueue",
                                                e.required(),
                                                e.acknowledged(),
                                                replies.get(i)));
            }
        } catch (RedisUnavailableException e) {
            for (int i = 0; i < n; i++) {
                calls.get(i)
                        .fail(
                                n == 1
                                        ? e
                                        : new RedisUnavailableException(
                                                e.endpoint(),
                                                "enqueue sent with " + (n - 1) + " other jobs in one call failed",
                                                e,
                                                e.mayHaveBeenApplied()));
            }
        }
    }

    /**
     * Runs one batch script, with its {@code WAIT} in strict mode; counts what it created. The batch's time (the
     * jobs' enqueue time, and the "now" a run time is compared with) is the latest of the jobs' clock reads.
     */
    private List<Object> enqueueChunk(List<Prepared> chunk) {
        List<String> keys = new ArrayList<>(4 + 2 * chunk.size());
        keys.addAll(List.of(k.ready(), k.delayed(), k.wake(), k.seq()));
        List<Object> args = new ArrayList<>(3 + 7 * chunk.size());
        // jobs of concurrent callers were read from the clock one after another: the latest time is the batch's,
        // so that no job due at its own call is taken for a delayed one
        long now = Long.MIN_VALUE;
        for (Prepared p : chunk) {
            now = Math.max(now, p.now());
        }
        args.add(now);
        args.add(QueueImpl.WAKE_CAP);
        args.add(replicaAck.required() ? 1 : 0);
        for (Prepared p : chunk) {
            keys.add(p.jobKey());
            keys.add(p.dedupeKey());
            args.add(p.id());
            args.add(p.member());
            args.add(p.payload());
            args.add(p.runAt());
            args.add(p.priority());
            args.add(p.dedupeMs());
            args.add(p.generated() ? 1 : 0);
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
            boolean generated,
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
        String given = options.id();
        boolean explicit = given != null;
        String id = given != null ? given : SecretHasher.randomToken(16);
        long runAt;
        try {
            runAt = options.runTime(Instant.ofEpochMilli(now)).toEpochMilli();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("run time is out of range: " + options);
        }
        return new Prepared(
                id,
                !explicit,
                KeySpace.encode(id, "id"),
                slot.key("job", id),
                slot.key("dedupe", id),
                payload,
                now,
                runAt,
                options.priority(),
                explicit ? s.idempotencyWindow().toMillis() : resendGuardMs);
    }

    /**
     * The enqueue script call of one job.
     *
     * @param generated whether the client generated the id (the script then skips the job-hash lookup)
     */
    RedisCommand enqueueCommand(
            String id, boolean generated, byte[] payload, long now, long runAt, int priority, long dedupeMs) {
        String member = KeySpace.encode(id, "id");
        return ENQUEUE.call(
                List.of(k.ready(), k.delayed(), k.wake(), k.seq(), slot.key("job", id), slot.key("dedupe", id)),
                List.of(
                        id,
                        member,
                        payload,
                        now,
                        runAt,
                        priority,
                        dedupeMs,
                        QueueImpl.WAKE_CAP,
                        replicaAck.required() ? 1 : 0,
                        generated ? 1 : 0));
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
}
