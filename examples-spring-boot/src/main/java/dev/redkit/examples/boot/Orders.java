package dev.redkit.examples.boot;

import dev.redkit.queue.EnqueueOptions;
import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import dev.redkit.spring.boot.autoconfigure.JobHandlerBinding;
import dev.redkit.spring.boot.autoconfigure.RedkitQueues;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders}: records an order and queues its confirmation e-mail, sent by a worker. */
@RestController
@Configuration(proxyBeanMethods = false)
public class Orders {

    /**
     * The job.
     *
     * @param orderId the order
     * @param userId who placed it
     * @param offerId what was bought
     */
    public record OrderEmail(String orderId, String userId, String offerId) {}

    /** @param offerId what to buy */
    public record OrderRequest(String offerId) {}

    static final String QUEUE = "order-emails";

    private final RedkitQueues queues;
    private final SessionStore sessions;

    Orders(RedkitQueues queues, SessionStore sessions) {
        this.queues = queues;
        this.sessions = sessions;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> place(
            @RequestBody OrderRequest request,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        Session s = AuthController.currentSession(sessions, authorization);
        String orderId = UUID.randomUUID().toString();
        queues.queue(QUEUE, OrderEmail.class)
                .enqueue(
                        new OrderEmail(orderId, s.userId(), request.offerId()),
                        EnqueueOptions.immediate().id("order-" + orderId));
        return Map.of("orderId", orderId);
    }

    /**
     * The worker's handler: the starter runs it once the application is up and stops it gracefully.
     *
     * @param outbox the e-mail gateway
     * @return the binding
     */
    @Bean
    static JobHandlerBinding<OrderEmail> orderEmails(Outbox outbox) {
        return JobHandlerBinding.of(
                QUEUE,
                OrderEmail.class,
                (job, ctx) ->
                        outbox.email(job.userId(), "order " + job.orderId() + " for " + job.offerId() + " confirmed"));
    }
}
