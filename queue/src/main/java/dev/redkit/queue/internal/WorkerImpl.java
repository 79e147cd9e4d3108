package dev.redkit.queue.internal;

import dev.redkit.core.spi.Checks;
import dev.redkit.queue.JobHandler;
import dev.redkit.queue.NackOutcome;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: one fetch thread, one lease thread, {@code concurrency} handler threads. The fetch thread
 * takes a permit per free handler thread, claims that many jobs in one script call (with the housekeeping:
 * promotion, recovery, retention), and when nothing was claimed blocks on the wake-up list until the poll
 * interval or the next due time. A handler thread acks (or nacks) its job and claims the next one in one script call
 * and keeps its permit while it gets jobs, so a busy worker makes one round trip per job. While every permit
 * is held, the fetch thread runs the housekeeping alone once per poll interval. The lease thread renews the
 * leases of all running jobs in one call per third of the visibility timeout.
 */
final class WorkerImpl<T> implements Worker {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerImpl.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Most leases one extend call renews: the largest concurrency, so one call renews a whole worker. */
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
    private final Object lifecycle = new Object();
    private volatile boolean running = true;
    private boolean closed;

    private WorkerImpl(QueueImpl<T> queue, JobHandler<T> handler, int concurrency, Duration shutdownTimeout) {
        this.queue = queue;
        this.handler = handler;
        this.concurrency = concurrency;
        this.shutdownTimeout = shutdownTimeout;
        this.permits = new Semaphore(concurrency);
        String base = "redkit-queue-" + queue.name() + "-" + IDS.incrementAndGet();
        this.handlers = Executors.newFixedThreadPool(concurrency, threads(base + "-handler-"));
        this.leases = Executors.newSingleThreadScheduledExecutor(threads(base + "-lease-"));
        long period = Math.max(10, queue.settings().visibilityTimeout().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::extendLeases, period, period, TimeUnit.MILLISECONDS);
        this.fetcher = threads(base + "-fetch-").newThread(this::fetchLoop);
        fetcher.start();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Claims for free handler threads and blocks when nothing is ready. The housekeeping (promotion, recovery,
     * retention) runs in a claim after a wait that timed out (a due time passed, or a poll interval went by
     * without a token), after a failure, and otherwise at least once per poll interval; a claim right after a
     * wake-up token skips it. While every handler is busy it runs alone once per poll interval.
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
                int taken = 1 + permits.drainPermits();
                int started = 0;
                ClaimBatch batch;
                synchronized (lifecycle) {
                    if (!running) {
                        permits.release(taken);
                        return;
                    }
                    try {
                        batch = queue.claim(taken, housekeep, null, true).batch();
                        if (housekeep) {
                            housekeptAt = System.nanoTime();
                        }
                        housekeepNext = false;
                        for (Claimed c : batch.jobs()) {
                            T job = queue.decodeOrBury(c);
                            if (job != null) {
                                DeliveryImpl<T> d = new DeliveryImpl<>(queue, c, job);
                                active.add(d);
                                handlers.execute(() -> run(d));
                                started++;
                            }
                        }
                    } finally {
                        permits.release(taken - started);
                    }
                }
                backoff = 50;
                // fewer jobs than free threads: the ready set is empty now, and a job that arrives later pushes
                // a wake-up token, so block at once instead of claiming again to find nothing
                if (batch.jobs().size() < taken) {
                    long wait = pollMs;
                    long due = batch.nextDue();
                    if (due >= 0) {
                        wait = Math.min(wait, due - queue.clock().millis());
                    }
                    boolean woken = queue.awaitWake(wait);
                    housekeepNext = !woken || (due >= 0 && due <= queue.clock().millis());
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

    /** Runs a job, then each next job its ack claimed, on one handler thread that holds one permit. */
    private void run(DeliveryImpl<T> first) {
        try {
            DeliveryImpl<T> d = first;
            while (d != null) {
                d = process(d);
            }
        } finally {
            permits.release();
        }
    }

    /**
     * Runs one job and settles it. A success is acked in the same script call that claims the next ready job
     * (one round trip per job while jobs are waiting).
     *
     * @return the next job to run on this thread, or null
     */
    private DeliveryImpl<T> process(DeliveryImpl<T> d) {
        long start = System.nanoTime();
        Throwable failure = null;
        String outcome;
        DeliveryImpl<T> next = null;
        try {
            try {
                handler.handle(d.job(), d);
            } catch (Exception | AssertionError e) {
                failure = e;
            } finally {
                active.remove(d);
                Thread.interrupted();
            }
            if (d.wasReleased()) {
                outcome = "released";
            } else if (failure == null) {
                QueueImpl.Settled settled = queue.claim(running ? 1 : 0, false, QueueImpl.Settle.ack(d.claimed()), false);
                if (settled.acked()) {
                    outcome = "success";
                } else {
                    d.markLost();
                    outcome = "lease_lost";
                }
                next = startNext(settled.batch().jobs());
            } else {
                String error = failure.getClass().getName() + ": " + failure.getMessage();
                QueueImpl.Settled settled = queue.claim(running ? 1 : 0, false,
                        QueueImpl.Settle.nack(d.claimed(), error, false), false);
                if (settled.nacked() == NackOutcome.LEASE_LOST) {
                    d.markLost();
                }
                outcome = "failure";
                next = startNext(settled.batch().jobs());
            }
        } catch (RuntimeException e) {
            LOG.warn("queue {}: could not settle job {}; it returns to the queue when its lease lapses: {}",
                    queue.name(), d.id(), e.toString());
            outcome = "error";
        }
        queue.metrics().record("process", outcome, System.nanoTime() - start);
        return next;
    }

    /** Turns the job an ack claimed into the next delivery of this thread; returns it at once after close. */
    private DeliveryImpl<T> startNext(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return null;
        }
        Claimed c = claimed.get(0);
        if (!running) {
            queue.release(c);
            return null;
        }
        T job = queue.decodeOrBury(c);
        if (job == null) {
            return null;
        }
        DeliveryImpl<T> next = new DeliveryImpl<>(queue, c, job);
        active.add(next);
        return next;
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
                    if (!ok[i]) {
                        LOG.warn("queue {}: lease of job {} was lost", queue.name(), chunk.get(i).id());
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
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
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
                    LOG.warn("queue {}: could not return job {} on shutdown; it returns when its lease lapses: {}",
                            queue.name(), d.id(), e.toString());
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
        return "Worker{queue=" + queue.name() + ", concurrency=" + concurrency + ", running=" + running
                + ", active=" + active.size() + '}';
    }

    /** Builds a {@link WorkerImpl}. */
    static final class BuilderImpl<T> implements Worker.Builder {
        private final QueueImpl<T> queue;
        private final JobHandler<T> handler;
        private int concurrency = 1;
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        BuilderImpl(QueueImpl<T> queue, JobHandler<T> handler) {
            this.queue = queue;
            this.handler = handler;
        }

        @Override
        public Worker.Builder concurrency(int threads) {
            this.concurrency = (int) Checks.between(threads, 1, 1024, "concurrency");
            return this;
        }

        @Override
        public Worker.Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Checks.notNegative(timeout, "shutdownTimeout");
            return this;
        }

        @Override
        public Worker start() {
            return new WorkerImpl<>(queue, handler, concurrency, shutdownTimeout);
        }
    }
}
