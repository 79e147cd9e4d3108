package dev.redkit.queue.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.core.ReplicaAck;
import dev.redkit.core.ReplicaAckException;
import dev.redkit.core.SecretHasher;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.NackOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim call of a {@link QueueImpl}, the one script through which a job leaves the ready set: acks or a nack,
 * the housekeeping and the claim of the next jobs in one round trip (see {@code claim.lua}). Thread-safe.
 */
final class Claims<T> {

    private static final Logger LOG = LoggerFactory.getLogger(QueueImpl.class);

    static final LuaScript CLAIM = LuaScript.fromResource(Claims.class, "claim.lua");

    /** Most jobs one claim call promotes or recovers. */
    static final int HOUSEKEEPING_BATCH = 200;
    /** Most dead letters one nack deletes to enforce the retention (claims use {@link #HOUSEKEEPING_BATCH}). */
    static final int DEAD_TRIM_BATCH = 100;

    private static final int ERROR_TEXT_LIMIT = 2000;

    private final QueueSettings<T> s;
    private final RedisOps ops;
    private final QueueKeys k;
    private final RedkitMetrics metrics;
    private final ReplicaAck replicaAck;

    Claims(QueueSettings<T> settings, KeySpace.Slot slot, RedkitMetrics metrics) {
        this.s = settings;
        this.ops = settings.connector().ops();
        this.k = QueueKeys.of(slot);
        this.metrics = metrics;
        this.replicaAck = settings.replicaAck();
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
    Settled claim(int count, boolean housekeeping, @Nullable Settle settle, boolean fetch) {
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
                k.jobPrefix(),
                s.maxAttempts(),
                housekeeping ? HOUSEKEEPING_BATCH : 0,
                s.deadLetterMaxCount(),
                s.deadLetterMaxAge().toMillis(),
                fetch ? 1 : 0));
        Claimed target = null;
        if (settle != null && nack) {
            target = settle.claimed().get(0);
            long retryAt =
                    now + s.backoff().delay(Math.max(1, target.attempts())).toMillis();
            String error = Objects.requireNonNullElse(settle.error(), "");
            String text = error.length() > ERROR_TEXT_LIMIT ? error.substring(0, ERROR_TEXT_LIMIT) : error;
            args.addAll(List.of(
                    "nack",
                    target.member(),
                    target.token(),
                    retryAt,
                    text,
                    settle.poison() ? 1 : 0,
                    DEAD_TRIM_BATCH,
                    QueueImpl.WAKE_CAP));
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
                        k.ready(),
                        k.delayed(),
                        k.inflight(),
                        k.dead(),
                        k.wake(),
                        k.seq(),
                        target == null ? k.ready() : k.jobPrefix() + target.member()),
                args);
        List<Object> reply;
        if (acks.isEmpty()) {
            reply = Replies.asList(ops.execute(call));
        } else {
            try {
                reply = Replies.asList(ops.executeAcknowledged(call, replicaAck));
            } catch (ReplicaAckException e) {
                reply = Replies.asList(e.reply());
                String flags = Replies.asText(reply.get(0));
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
            String flags = Replies.asText(reply.get(0));
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
                    Replies.asText(reply.get(i)),
                    Replies.asText(reply.get(i + 1)),
                    (int) Replies.asLong(reply.get(i + 2)),
                    Replies.asBlob(reply.get(i + 3)),
                    Replies.asLong(reply.get(i + 4)),
                    Replies.asText(reply.get(i + 5)),
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
     * @param error the error text of a nack, null for acks
     * @param poison whether a nack dead-letters at once
     */
    record Settle(
            List<Claimed> claimed, boolean nack, @Nullable String error, boolean poison) {
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
    record Settled(boolean[] acked, @Nullable NackOutcome nacked, ClaimBatch batch) {}

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
}
