package dev.redkit.queue.internal;

import dev.redkit.core.spi.Checks;
import dev.redkit.queue.JobHandler;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/** Builds a {@link WorkerImpl}. */
final class WorkerBuilderImpl<T> implements Worker.Builder {
    private final QueueImpl<T> queue;
    private final JobHandler<T> handler;
    private int concurrency = 1;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /** The handler threads' factory, null for the default. */
    private @Nullable ThreadFactory threadFactory;

    WorkerBuilderImpl(QueueImpl<T> queue, JobHandler<T> handler) {
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
    public Worker.Builder threadFactory(ThreadFactory factory) {
        this.threadFactory = Checks.notNull(factory, "threadFactory");
        return this;
    }

    @Override
    public Worker start() {
        return new WorkerImpl<>(queue, handler, concurrency, shutdownTimeout, threadFactory);
    }
}
