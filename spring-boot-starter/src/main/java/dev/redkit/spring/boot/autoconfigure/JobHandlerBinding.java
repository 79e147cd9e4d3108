package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.spi.Checks;
import dev.redkit.queue.JobHandler;

/**
 * Binds a {@link JobHandler} to a queue by name; declare it as a bean and the starter runs a worker for it
 * that starts once the application context is refreshed and stops gracefully at shutdown.
 * <!-- snippet: SpringSnippets#jobHandlerBinding -->
 * <pre>{@code
 * @Bean
 * JobHandlerBinding<OrderEmail> orderEmails(Mailer mailer) {
 *     return JobHandlerBinding.of("order-emails", OrderEmail.class, (job, ctx) -> mailer.send(job));
 * }
 * }</pre>
 * The worker's concurrency and shutdown timeout come from {@code redkit.queue.<name>.*}.
 *
 * @param queue the queue name, an identifier
 * @param jobType the job class (JSON through the application's {@code JsonMapper})
 * @param handler the handler
 * @param <T> the job type
 */
public record JobHandlerBinding<T>(String queue, Class<T> jobType, JobHandler<T> handler) {

    /**
     * Validates the parts.
     *
     * @param queue the queue name
     * @param jobType the job class
     * @param handler the handler
     * @throws IllegalArgumentException if a part is null
     */
    public JobHandlerBinding {
        Checks.notNull(queue, "queue");
        Checks.notNull(jobType, "jobType");
        Checks.notNull(handler, "handler");
    }

    /**
     * Creates a binding.
     *
     * @param queue the queue name
     * @param jobType the job class
     * @param handler the handler
     * @param <T> the job type
     * @return the binding
     * @throws IllegalArgumentException if a part is null
     */
    public static <T> JobHandlerBinding<T> of(String queue, Class<T> jobType, JobHandler<T> handler) {
        return new JobHandlerBinding<>(queue, jobType, handler);
    }
}
