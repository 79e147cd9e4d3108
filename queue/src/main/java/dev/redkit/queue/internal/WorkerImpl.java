package dev.redkit.queue.internal;

import dev.redkit.queue.JobHandler;
import dev.redkit.queue.NackOutcome;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: one fetch thread, one lease thread, and handler threads from a {@link ThreadFactory} (virtual threads
 * where the JDK has them), at most {@code concurrency} jobs at a time (one permit each). The fetch thread takes a
 * permit per free slot, claims that many jobs in one script call (with the housekeeping: promotion, recovery,
 * retention), and when it got fewer than it asked for blocks on the wake-up list until the poll interval or the
 * next due time. A handler whose job succeeded queues the job for its ack and keeps its permit; whichever handler
 * thread finds the settling lock free acks every queued job and claims as many next jobs (plus one per free
 * permit) in one script call, and hands them to handler threads, so a busy worker makes less than one round trip
 * per job. A failed job is nacked and the next one claimed in one call on its own thread. While every permit is
 * held, the fetch thread runs the housekeeping alone once per poll interval. The lease thread renews the leases
 * of all running jobs in one call per third of the visibility timeout. No monitor is held across a Redis call.
 */
final class WorkerImpl<T> implements Worker {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerImpl.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Most leases one extend call renews and most acks one call carries: the largest concurrency. */
    private static final int LEASE_CHUNK = 1024;

    private final QueueImpl<T> queue;
    private final JobHandler<T> handler;
    private final int concurrency;
    private final Duration shutdownTimeout;
    private final Semaphore permits;
    private final ExecutorService handlers;
    private final ScheduledExecutorService leases;
    private final Thread fetcher;
    private final Set<DeliveryImpl<T>> active = ConcurrentHashMap.newKeySet();
    /** Jobs whose handler succeeded, waiting for the next shared ack call; each holds its permit. */
    private final Queue<Finished<T>> finished = new ConcurrentLinkedQueue<>();

    private final ReentrantLock settling = new ReentrantLock();
    /**
     * Guards starting handlers against {@link #close()}: held by the fetch thread's claim and while claimed jobs
     * are handed to handlers, so close() waits for a claim in progress. A lock, not a monitor, so a virtual
     * thread waiting for it does not pin its carrier.
     */
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Counts the fetch thread's waits on the wake-up list; a short claim is only news within one count. */
    private final AtomicLong wakeGeneration = new AtomicLong();
    /**
     * Set by an ack or nack call that found the ready set short: the fetch thread may block without claiming
     * first, if it has not returned from a wait since that call was sent (a token it took since may be for a job
     * enqueued after the short claim).
     */
    private final AtomicReference<ShortClaim> readyEmpty = new AtomicReference<>();

    private volatile boolean running = true;
    private boolean closed;

    WorkerImpl(
            QueueImpl<T> queue,
            JobHandler<T> handler,
            int concurrency,
            Duration shutdownTimeout,
            @Nullable ThreadFactory handlerThreads) {
        this.queue = queue;
        this.handler = handler;
        this.concurrency = concurrency;
        this.shutdownTimeout = shutdownTimeout;
        this.permits = new Semaphore(concurrency);
        String base = "redkit-queue-" + queue.name() + "-" + IDS.incrementAndGet();
        ThreadFactory factory =
                handlerThreads != null ? handlerThreads : HandlerThreads.defaultFactory(base + "-handler-");
        this.handlers = new ThreadPoolExecutor(
                concurrency, concurrency, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
        this.leases = Executors.newSingleThreadScheduledExecutor(HandlerThreads.platform(base + "-lease-"));
        long period = Math.max(10, queue.settings().visibilityTimeout().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::extendLeases, period, period, TimeUnit.MILLISECONDS);
        this.fetcher = HandlerThreads.platform(base + "-fetch-").newThread(this::fetchLoop);
        fetcher.start();
    }

    /**
     * A claim that found the ready set short.
     *
     * @param generation {@link #wakeGeneration} when the call was sent
     * @param nextDue the next due time it reported, or -1
     */
    private record ShortClaim(long generation, long nextDue) {}

    /** A job whose handler returned normally, and when it started (for the process timer). */
    private record Finished<T>(DeliveryImpl<T> delivery, long startNanos) {}

    /**
     * Claims for free handler threads and blocks when nothing is ready. The housekeeping (promotion, recovery,
     * retention) runs in a claim after a wait that timed out (a due time passed, or a poll interval went by
     * without a token), after a failure, and otherwise at least once per poll interval; a claim right after a
     * wake-up token skips it. While every handler is busy it runs alone once per poll interval. When an ack call
     * has just found the ready set short, the fetch thread blocks at once instead of claiming to find nothing.
     */
    private void fetchLoop() {
        long pollMs = queue.settings().pollInterval().toMillis();
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMs);
        long backoff = 50;
        boolean housekeepNext = true;
        long housekeptAt = System.nanoTime();
        while (running) {
            try {
                if (!permits.tryAcquire(pollMs, TimeUnit.MILLISECONDS)) {
                    queue.recover();
                    housekeptAt = System.nanoTime();
                    continue;
                }
                boolean housekeep = housekeepNext || System.nanoTime() - housekeptAt >= pollNanos;
                ShortClaim empty = readyEmpty.getAndSet(null);
                if (empty != null && empty.generation() == wakeGeneration.get() && !housekeep) {
                    permits.release();
                    housekeepNext = await(pollMs, empty.nextDue());
                    continue;
                }
                int taken = 1 + permits.drainPermits();
                int started = 0;
                ClaimBatch batch;
                // under the lifecycle lock (not a monitor), so that close() never returns while this claim's
                // jobs are on their way to handlers, and no claim starts after close()
                lifecycle.lock();
                try {
                    if (!running) {
                        return;
                    }
                    batch = queue.claim(taken, housekeep, null, true).batch();
                    if (housekeep) {
                        housekeptAt = System.nanoTime();
                    }
                    housekeepNext = false;
                    started = start(batch.jobs(), false).count();
                } finally {
                    lifecycle.unlock();
                    permits.release(taken - started);
                }
                backoff = 50;
                // fewer jobs than free threads: the ready set is empty now, and a job that arrives later pushes
                // a wake-up token, so block at once instead of claiming again to find nothing
                if (batch.jobs().size() < taken) {
                    housekeepNext = await(pollMs, batch.nextDue());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("queue {}: fetching failed, retrying in {} ms: {}", queue.name(), backoff, e.toString());
                housekeepNext = true;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    /**
     * Blocks on the wake-up list until a token, the poll interval or the next due time.
     *
     * @return whether the next claim should run the housekeeping (no token came, or a due time passed)
     */
    private boolean await(long pollMs, long due) {
        long wait = pollMs;
        if (due >= 0) {
            wait = Math.min(wait, due - queue.clock().millis());
        }
        boolean woken;
        try {
            woken = queue.awaitWake(wait);
        } finally {
            wakeGeneration.incrementAndGet();
        }
        return !woken || (due >= 0 && due <= queue.clock().millis());
    }

    /** Jobs {@link #start} started, one permit each, and the one it kept for the calling thread, if any. */
    private record Started<T>(int count, @Nullable DeliveryImpl<T> kept) {}

    /**
     * Hands claimed jobs to handler threads, each on one permit the caller holds; after close it returns them
     * to the queue instead (not counting the attempt).
     *
     * @param keepOne whether the calling handler thread runs the first job itself (one hand-over less)
     * @return how many jobs started (the permits they took, the kept one's included) and the kept one
     */
    private Started<T> start(List<Claimed> claimed, boolean keepOne) {
        int started = 0;
        DeliveryImpl<T> kept = null;
        lifecycle.lock();
        try {
            for (Claimed c : claimed) {
                if (!running) {
                    releaseQuietly(c);
                    continue;
                }
                T job = queue.decodeOrBury(c);
                if (job != null) {
                    DeliveryImpl<T> d = new DeliveryImpl<>(queue, c, job);
                    active.add(d);
                    if (keepOne && kept == null) {
                        kept = d;
                    } else {
                        handlers.execute(() -> run(d));
                    }
                    started++;
                }
            }
        } finally {
            lifecycle.unlock();
        }
        return new Started<>(started, kept);
    }

    private void releaseQuietly(Claimed c) {
        try {
            queue.release(c);
        } catch (RuntimeException e) {
            LOG.warn(
                    "queue {}: could not return job {} on shutdown; it returns when its lease lapses: {}",
                    queue.name(),
                    c.id(),
                    e.toString());
        }
    }

    /**
     * Runs a job on one permit. A success queues the job for a shared ack call, which takes over the permit (when
     * this thread makes that call, it runs one of the jobs the call claimed next on one of its permits); a
     * failure is nacked in a call that claims the next job, which this thread runs on the same permit.
     */
    private void run(DeliveryImpl<T> first) {
        DeliveryImpl<T> d = first;
        while (d != null) {
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                handler.handle(d.job(), d);
            } catch (Exception | AssertionError e) {
                failure = e;
            } finally {
                active.remove(d);
                Thread.interrupted();
            }
            if (failure == null && !d.wasReleased()) {
                finished.add(new Finished<>(d, start));
                d = settle();
                if (d == null) {
                    return;
                }
                continue;
            }
            d = settleAlone(d, failure, start);
        }
        permits.release();
    }

    /**
     * Settles a job this thread keeps: a released one (nothing to do) or a failed one (nacked, and the next job
     * claimed in the same call).
     *
     * @return the next job to run on this thread's permit, or null
     */
    private @Nullable DeliveryImpl<T> settleAlone(DeliveryImpl<T> d, @Nullable Throwable failure, long start) {
        String outcome;
        DeliveryImpl<T> next = null;
        if (d.wasReleased() || failure == null) {
            // run() settles a job here only when it was released or its handler failed
            outcome = "released";
        } else {
            try {
                String error = failure.getClass().getName() + ": " + failure.getMessage();
                long generation = wakeGeneration.get();
                Claims.Settled settled =
                        queue.claim(running ? 1 : 0, false, Claims.Settle.nack(d.claimed(), error, false), false);
                if (settled.nacked() == NackOutcome.LEASE_LOST) {
                    d.markLost();
                }
                outcome = "failure";
                next = startNext(settled.batch(), generation);
            } catch (RuntimeException e) {
                LOG.warn(
                        "queue {}: could not settle job {}; it returns to the queue when its lease lapses: {}",
                        queue.name(),
                        d.id(),
                        e.toString());
                outcome = "error";
            }
        }
        queue.metrics().record("process", outcome, System.nanoTime() - start);
        return next;
    }

    /** Turns the job a nack claimed into the next delivery of this thread; returns it at once after close. */
    private @Nullable DeliveryImpl<T> startNext(ClaimBatch batch, long generation) {
        if (running) {
            noteShort(batch, 1, generation);
        }
        if (batch.jobs().isEmpty()) {
            return null;
        }
        Claimed c = batch.jobs().get(0);
        lifecycle.lock();
        try {
            if (!running) {
                releaseQuietly(c);
                return null;
            }
            T job = queue.decodeOrBury(c);
            if (job == null) {
                return null;
            }
            DeliveryImpl<T> next = new DeliveryImpl<>(queue, c, job);
            active.add(next);
            return next;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Tells the fetch thread that a claim for {@code wanted} jobs, sent at wake generation {@code generation},
     * found the ready set short.
     */
    private void noteShort(ClaimBatch batch, int wanted, long generation) {
        if (wanted > 0 && batch.jobs().size() < wanted) {
            readyEmpty.set(new ShortClaim(generation, batch.nextDue()));
        }
    }

    /**
     * Acks the finished jobs in shared calls: the thread that gets the lock acks every queued job and claims as
     * many next jobs (plus one per free permit) in one call, until none is queued. A thread that finds the lock
     * taken leaves its job to the holder, which checks the queue again after unlocking.
     *
     * @return a job the calls claimed, for the calling thread to run on one of their permits; null if none
     */
    private @Nullable DeliveryImpl<T> settle() {
        DeliveryImpl<T> kept = null;
        while (!finished.isEmpty() && settling.tryLock()) {
            try {
                DeliveryImpl<T> next = settleBatch(kept == null);
                if (next != null) {
                    kept = next;
                }
            } finally {
                settling.unlock();
            }
        }
        return kept;
    }

    private @Nullable DeliveryImpl<T> settleBatch(boolean keepOne) {
        List<Finished<T>> batch = new ArrayList<>();
        Finished<T> f;
        while (batch.size() < LEASE_CHUNK && (f = finished.poll()) != null) {
            batch.add(f);
        }
        if (batch.isEmpty()) {
            return null;
        }
        int held = batch.size() + (running ? permits.drainPermits() : 0);
        int want = running ? held : 0;
        Started<T> started = new Started<>(0, null);
        List<Claimed> acks = new ArrayList<>(batch.size());
        batch.forEach(x -> acks.add(x.delivery().claimed()));
        try {
            long generation = wakeGeneration.get();
            Claims.Settled settled = queue.claim(want, false, Claims.Settle.ack(acks), false);
            long now = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                DeliveryImpl<T> d = batch.get(i).delivery();
                boolean ok = settled.acked()[i];
                if (!ok) {
                    d.markLost();
                }
                queue.metrics()
                        .record(
                                "process",
                                ok ? "success" : "lease_lost",
                                now - batch.get(i).startNanos());
            }
            noteShort(settled.batch(), want, generation);
            started = start(settled.batch().jobs(), keepOne);
        } catch (RuntimeException e) {
            LOG.warn(
                    "queue {}: could not ack {} jobs (first {}); they return to the queue when their leases lapse: {}",
                    queue.name(),
                    batch.size(),
                    batch.get(0).delivery().id(),
                    e.toString());
            long now = System.nanoTime();
            batch.forEach(x -> queue.metrics().record("process", "error", now - x.startNanos()));
        } finally {
            permits.release(held - started.count());
        }
        return started.kept();
    }

    private void extendLeases() {
        List<DeliveryImpl<T>> list = new ArrayList<>(active);
        if (list.isEmpty()) {
            return;
        }
        try {
            for (int from = 0; from < list.size(); from += LEASE_CHUNK) {
                List<DeliveryImpl<T>> chunk = list.subList(from, Math.min(list.size(), from + LEASE_CHUNK));
                boolean[] ok = queue.extend(chunk);
                for (int i = 0; i < ok.length; i++) {
                    // a job whose handler finished since the snapshot may be acked already: not a lost lease
                    if (!ok[i] && active.contains(chunk.get(i))) {
                        LOG.warn(
                                "queue {}: lease of job {} was lost",
                                queue.name(),
                                chunk.get(i).id());
                        chunk.get(i).markLost();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("queue {}: extending {} leases failed: {}", queue.name(), list.size(), e.toString());
            list.forEach(DeliveryImpl::isLeaseLost);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int activeJobs() {
        return active.size();
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
        } finally {
            lifecycle.unlock();
        }
        handlers.shutdown();
        boolean drained = false;
        try {
            drained = handlers.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            for (DeliveryImpl<T> d : new ArrayList<>(active)) {
                try {
                    d.release();
                } catch (RuntimeException e) {
                    LOG.warn(
                            "queue {}: could not return job {} on shutdown; it returns when its lease lapses: {}",
                            queue.name(),
                            d.id(),
                            e.toString());
                    d.markLost();
                }
            }
            handlers.shutdownNow();
            try {
                handlers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leases.shutdownNow();
        fetcher.interrupt();
    }

    @Override
    public String toString() {
        return "Worker{queue=" + queue.name() + ", concurrency=" + concurrency + ", running=" + running + ", active="
                + active.size() + '}';
    }
}
