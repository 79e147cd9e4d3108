package dev.redkit.queue.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of concurrent single-job calls: at most one send is in flight; a caller that finds none sends its
 * job at once, callers that arrive meanwhile queue up, and when the send in flight returns, the first of them
 * sends the queued jobs in arrival order in one call, as many as fit in {@code maxBatch} jobs and
 * {@code maxWeight} (a batch always takes its sender's job). An idle caller therefore pays no extra latency;
 * under contention a caller waits for the send in flight and the batches ahead of it (usually none: one batch
 * takes every queued job). Each caller gets its own outcome,
 * set by the sender. Thread-safe; waits are not interruptible (each is bounded by the sends' call deadlines, and
 * the interrupt status is kept). A waiting caller parks ({@link LockSupport}) and is woken once, when its job
 * is sent or when it is to send the next batch; the short critical sections use a {@link ReentrantLock}, so a
 * virtual thread here never pins its carrier.
 *
 * @param <J> the job a caller submits
 */
final class GroupCommit<J> {

    /** One caller's job and, once sent, its outcome: a result or a failure. */
    static final class Call<J> {
        final J job;
        long result;

        @Nullable
        RuntimeException failure;

        private final Thread caller = Thread.currentThread();
        /** This caller sends the next batch (written under the lock). */
        private volatile boolean leads;
        /** The outcome is set (written under the lock, after the outcome). */
        private volatile boolean done;

        Call(J job) {
            this.job = job;
        }

        void succeed(long result) {
            this.result = result;
        }

        void fail(RuntimeException failure) {
            this.failure = failure;
        }
    }

    private final int maxBatch;
    private final ToLongFunction<J> weight;
    private final long maxWeight;
    private final Consumer<List<Call<J>>> sender;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Call<J>> queued = new ArrayDeque<>();
    private boolean sending;

    /**
     * @param maxBatch the most jobs one send carries
     * @param weight a job's size (for example its payload bytes)
     * @param maxWeight the most weight one send carries, unless its first job alone weighs more
     * @param sender sends a batch in one call and sets each call's outcome (or throws: then every call of the
     *     batch fails with what it threw)
     */
    GroupCommit(int maxBatch, ToLongFunction<J> weight, long maxWeight, Consumer<List<Call<J>>> sender) {
        this.maxBatch = maxBatch;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.sender = sender;
    }

    /**
     * Sends a job, alone or with the jobs of concurrent callers.
     *
     * @return the result the sender set for it
     * @throws RuntimeException the failure the sender set for it
     */
    long submit(J job) {
        Call<J> me = new Call<>(job);
        List<Call<J>> batch;
        boolean wait;
        lock.lock();
        try {
            wait = sending;
            if (wait) {
                queued.addLast(me);
            }
            sending = true;
        } finally {
            lock.unlock();
        }
        if (wait) {
            awaitTurn(me);
            if (me.done) {
                return outcome(me);
            }
        }
        lock.lock();
        try {
            batch = new ArrayList<>(Math.min(maxBatch, 1 + queued.size()));
            if (me.leads) {
                queued.pollFirst();
            }
            batch.add(me);
            long total = weight.applyAsLong(me.job);
            Call<J> c;
            while (batch.size() < maxBatch
                    && (c = queued.peekFirst()) != null
                    && total + weight.applyAsLong(c.job) <= maxWeight) {
                total += weight.applyAsLong(c.job);
                batch.add(queued.pollFirst());
            }
        } finally {
            lock.unlock();
        }
        Throwable thrown = null;
        try {
            sender.accept(batch);
        } catch (RuntimeException | Error e) {
            thrown = e;
            throw e;
        } finally {
            handOver(batch, thrown);
        }
        return outcome(me);
    }

    /** Parks until the call is done or leads; keeps the interrupt status for the caller. */
    private void awaitTurn(Call<J> me) {
        boolean interrupted = false;
        while (!me.done && !me.leads) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Marks the batch done (failing any call the sender left without an outcome), names the next sender, and
     * wakes exactly those callers.
     */
    private void handOver(List<Call<J>> batch, @Nullable Throwable thrown) {
        Call<J> next;
        lock.lock();
        try {
            for (Call<J> c : batch) {
                if (thrown != null && c.failure == null) {
                    c.failure = thrown instanceof RuntimeException r
                            ? r
                            : new IllegalStateException("the batch this job was sent in failed", thrown);
                }
                c.done = true;
            }
            next = queued.peekFirst();
            if (next == null) {
                sending = false;
            } else {
                next.leads = true;
            }
        } finally {
            lock.unlock();
        }
        Thread self = Thread.currentThread();
        for (Call<J> c : batch) {
            if (c.caller != self) {
                LockSupport.unpark(c.caller);
            }
        }
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    /** The callers waiting for the send in flight (for tests). */
    int queued() {
        lock.lock();
        try {
            return queued.size();
        } finally {
            lock.unlock();
        }
    }

    private static long outcome(Call<?> c) {
        if (c.failure != null) {
            throw c.failure;
        }
        return c.result;
    }
}
