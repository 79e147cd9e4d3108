package dev.redkit.queue.internal;

import dev.redkit.core.spi.Checks;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.NackOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One claimed job: the handle of {@code poll()} and the context a worker's handler gets. Thread-safe. */
final class DeliveryImpl<T> implements Delivery<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryImpl.class);

    private final QueueImpl<T> queue;
    private final Claimed claimed;
    private final T job;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final List<Runnable> callbacks = new ArrayList<>(1);
    private volatile long leaseDeadline;
    private volatile boolean released;

    DeliveryImpl(QueueImpl<T> queue, Claimed claimed, T job) {
        this.queue = queue;
        this.claimed = claimed;
        this.job = job;
        this.leaseDeadline = claimed.leaseDeadline();
    }

    Claimed claimed() {
        return claimed;
    }

    boolean wasReleased() {
        return released;
    }

    void leaseExtendedTo(long deadline) {
        this.leaseDeadline = deadline;
    }

    /** Marks the lease lost and runs the callbacks once. */
    void markLost() {
        if (!lost.compareAndSet(false, true)) {
            return;
        }
        List<Runnable> toRun;
        synchronized (callbacks) {
            toRun = new ArrayList<>(callbacks);
        }
        toRun.forEach(DeliveryImpl::runSafely);
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("lease-lost callback threw", e);
        }
    }

    @Override
    public T job() {
        return job;
    }

    @Override
    public String id() {
        return claimed.id();
    }

    @Override
    public int attempt() {
        return claimed.attempts();
    }

    @Override
    public int maxAttempts() {
        return queue.settings().maxAttempts();
    }

    @Override
    public Instant enqueuedAt() {
        return Instant.ofEpochMilli(claimed.enqueuedAt());
    }

    @Override
    public Instant leaseDeadline() {
        return Instant.ofEpochMilli(leaseDeadline);
    }

    @Override
    public boolean isLeaseLost() {
        if (!lost.get() && queue.clock().millis() >= leaseDeadline) {
            markLost();
        }
        return lost.get();
    }

    @Override
    public void onLeaseLost(Runnable callback) {
        Checks.notNull(callback, "callback");
        synchronized (callbacks) {
            if (!lost.get()) {
                callbacks.add(callback);
                return;
            }
        }
        runSafely(callback);
    }

    @Override
    public boolean ack() {
        boolean done = queue.ack(claimed);
        if (!done) {
            markLost();
        }
        return done;
    }

    @Override
    public NackOutcome nack(String error) {
        NackOutcome outcome = queue.nack(claimed, error, false);
        if (outcome == NackOutcome.LEASE_LOST) {
            markLost();
        }
        return outcome;
    }

    @Override
    public boolean extend() {
        boolean ok = queue.extend(List.of(this))[0];
        if (!ok) {
            markLost();
        }
        return ok;
    }

    @Override
    public boolean release() {
        boolean ok = queue.release(claimed);
        released = ok;
        markLost();
        return ok;
    }

    @Override
    public String toString() {
        return "Delivery{queue=" + queue.name() + ", id=" + claimed.id() + ", attempt=" + claimed.attempts() + '}';
    }
}
