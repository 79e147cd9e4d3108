package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.queue.JobHandler;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one worker per {@link JobHandlerBinding} bean as a Spring lifecycle: the workers start when the
 * application context has been refreshed (after every singleton, and after the web server), and stop first at
 * shutdown, all at once. Stopping a worker stops its fetching, waits for running jobs up to the queue's
 * {@code shutdown-timeout} (default three quarters of {@code spring.lifecycle.timeout-per-shutdown-phase}),
 * then gives jobs still running back to the queue without counting their attempt. Thread-safe.
 */
public final class RedkitWorkers implements SmartLifecycle, RedkitWorkersStatus {

    private static final Logger LOG = LoggerFactory.getLogger(RedkitWorkers.class);

    private final RedkitQueues queues;
    private final List<JobHandlerBinding<?>> bindings;
    private final Duration defaultShutdownTimeout;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private volatile boolean running;

    RedkitWorkers(RedkitQueues queues, List<JobHandlerBinding<?>> bindings, Duration shutdownPhaseTimeout) {
        this.queues = queues;
        this.bindings = List.copyOf(bindings);
        this.defaultShutdownTimeout = shutdownPhaseTimeout.multipliedBy(3).dividedBy(4);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (JobHandlerBinding<?> binding : bindings) {
            String key = binding.queue() + "#" + workers.size();
            workers.put(key, startWorker(binding));
        }
        running = true;
        LOG.info("started {} Redkit worker(s): {}", workers.size(), bindingNames());
    }

    private <T> Worker startWorker(JobHandlerBinding<T> binding) {
        RedkitProperties.Queue p = queues.settings(binding.queue());
        JobHandler<T> handler = binding.handler();
        return queues.queue(binding.queue(), binding.jobType())
                .worker(handler)
                .concurrency(p.getConcurrency())
                .shutdownTimeout(p.getShutdownTimeout() != null ? p.getShutdownTimeout() : defaultShutdownTimeout)
                .start();
    }

    @Override
    public void stop() {
        stop(() -> {});
    }

    @Override
    public void stop(Runnable callback) {
        List<Worker> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(workers.values());
            workers.clear();
            running = false;
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker w : toStop) {
            Thread t = new Thread(w::close, "redkit-worker-stop");
            t.start();
            threads.add(t);
        }
        Thread waiter = new Thread(
                () -> {
                    for (Thread t : threads) {
                        try {
                            t.join();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    callback.run();
                },
                "redkit-workers-stopped");
        waiter.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** @return every worker's queue name and whether it is still fetching, in start order */
    @Override
    public synchronized Map<String, Boolean> status() {
        Map<String, Boolean> map = new LinkedHashMap<>();
        workers.forEach((key, w) -> map.merge(key.substring(0, key.indexOf('#')), w.isRunning(), Boolean::logicalAnd));
        return map;
    }

    private List<String> bindingNames() {
        List<String> names = new ArrayList<>();
        bindings.forEach(b -> names.add(b.queue()));
        return names;
    }
}
