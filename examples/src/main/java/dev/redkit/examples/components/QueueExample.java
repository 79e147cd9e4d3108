package dev.redkit.examples.components;

import dev.redkit.queue.Backoff;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import java.time.Duration;

/** A reliable job queue: a worker sends e-mails, one address fails until the job is dead-lettered. */
public final class QueueExample {

    /**
     * An e-mail job.
     *
     * @param to the recipient
     * @param subject the subject
     */
    public record Email(String to, String subject) {}

    private QueueExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (ExampleRedis redis = ExampleRedis.start()) {
            ReliableQueue<Email> queue = ReliableQueue.builder(redis.connector(), "emails", Email.class)
                    .maxAttempts(3)
                    .backoff(Backoff.fixed(Duration.ofMillis(100)))
                    .build();
            queue.enqueue(
                    new Email("ann@example.com", "Order 1 confirmed"),
                    EnqueueOptions.immediate().id("order-1"));
            queue.enqueue(
                    new Email("ann@example.com", "Order 1 confirmed"),
                    EnqueueOptions.immediate().id("order-1"));
            queue.enqueue(
                    new Email("bob@bounce.example", "Order 2 confirmed"),
                    EnqueueOptions.immediate().id("order-2"));
            try (Worker worker = queue.worker((email, ctx) -> {
                        if (email.to().endsWith("bounce.example")) {
                            throw new IllegalStateException("550 mailbox unavailable (attempt " + ctx.attempt() + ")");
                        }
                        System.out.println("sent to " + email.to() + ": " + email.subject());
                    })
                    .concurrency(2)
                    .start()) {
                Thread.sleep(1500);
            }
            System.out.println("stats: " + queue.stats());
            queue.deadLetters(0, 10)
                    .forEach(d -> System.out.println(
                            "dead: " + d.id() + " after " + d.attempts() + " attempts: " + d.lastError()));
        }
    }
}
