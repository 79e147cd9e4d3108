package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.queue.Backoff;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.JobState;
import dev.redkit.queue.JobView;
import dev.redkit.queue.QueueInspector;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The Javadoc examples of the Queue module, compiled; see {@code JavadocExamples}. */
class QueueSnippets {

    // queue/src/main/java/dev/redkit/queue/Backoff.java
    void backoff() {
        // region backoff
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10))
                .withJitter();
        b.delay(1); // about 0.5-1 s after the first failure
        b.delay(4); // about 4-8 s after the fourth
        // endregion
    }

    // queue/src/main/java/dev/redkit/queue/EnqueueOptions.java
    void enqueueOptions() {
        // region enqueueOptions
        EnqueueOptions.delay(Duration.ofMinutes(5)).id("order-1234-confirmation");
        EnqueueOptions.runAt(Instant.parse("2026-12-24T18:00:00Z")).priority(9);
        EnqueueOptions.immediate().id("sms-77");
        // endregion
    }

    // queue/src/main/java/dev/redkit/queue/QueueInspector.java
    void queueInspector(RedisConnector connector) {
        // region queueInspector
        QueueInspector inspector = QueueInspector.of(connector, "emails");
        List<JobView> stuck = inspector.jobs(JobState.IN_FLIGHT, 0, 20); // soonest lease deadline first
        // endregion
    }

    // queue/src/main/java/dev/redkit/queue/ReliableQueue.java
    void reliableQueue(RedisConnector connector, EmailJob job) {
        // region reliableQueue
        ReliableQueue<EmailJob> emails = ReliableQueue.builder(connector, "emails", EmailJob.class)
                .visibilityTimeout(Duration.ofSeconds(30))
                .maxAttempts(5)
                .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10))
                        .withJitter())
                .build();
        emails.enqueue(job);
        emails.enqueue(job, EnqueueOptions.delay(Duration.ofMinutes(5)).id("order-1234-confirmation"));
        try (Worker w = emails.worker(this::send).concurrency(8).start()) {
            serveUntilShutdown();
        } // close() drains gracefully
        // endregion
    }

    // queue/src/main/java/dev/redkit/queue/ReliableQueue.java
    void reliableQueueEnqueueAll(ReliableQueue<Order> queue, List<Order> orders) {
        // region reliableQueueEnqueueAll
        queue.enqueueAll(orders, o -> EnqueueOptions.immediate().id("confirm-" + o.id()));
        // endregion
    }

    private void send(EmailJob job) {}

    private void serveUntilShutdown() {}

    /** A job. */
    record EmailJob(String to, String subject) {}

    /** An order. */
    record Order(String id) {}
}
