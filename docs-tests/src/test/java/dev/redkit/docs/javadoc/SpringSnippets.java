package dev.redkit.docs.javadoc;

import dev.redkit.cache.ReadThroughCache;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.spring.boot.autoconfigure.EmbeddedRedkit;
import dev.redkit.spring.boot.autoconfigure.JobHandlerBinding;
import dev.redkit.spring.boot.autoconfigure.RedkitCaches;
import dev.redkit.spring.boot.autoconfigure.RedkitQueues;
import dev.redkit.spring.boot.autoconfigure.RedkitRateLimiters;
import java.util.Optional;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/** The Javadoc examples of the Spring module, compiled; see {@code JavadocExamples}. */
class SpringSnippets {

    // spring-boot-starter/src/main/java/dev/redkit/spring/boot/autoconfigure/EmbeddedRedkit.java
    void embeddedRedkit() {
        // region embeddedRedkit
        @SpringBootTest
        @EmbeddedRedkit
        class CheckoutTest {}
        // endregion
    }

    // spring-boot-starter/src/main/java/dev/redkit/spring/boot/autoconfigure/RedkitCaches.java
    void redkitCaches(RedkitCaches caches, Database db, String slug) {
        // region redkitCaches
        ReadThroughCache<Merchant> merchants = caches.cache("merchant", Merchant.class);
        Optional<Merchant> m = merchants.get(slug, db::findMerchant);
        // endregion
    }

    // spring-boot-starter/src/main/java/dev/redkit/spring/boot/autoconfigure/RedkitQueues.java
    void redkitQueues(RedkitQueues queues, String orderId, String address) {
        // region redkitQueues
        ReliableQueue<OrderEmail> emails = queues.queue("order-emails", OrderEmail.class);
        emails.enqueue(new OrderEmail(orderId, address));
        // endregion
    }

    // spring-boot-starter/src/main/java/dev/redkit/spring/boot/autoconfigure/RedkitRateLimiters.java
    void redkitRateLimiters(RedkitRateLimiters limiters, String phone) {
        // region redkitRateLimiters
        RateLimitDecision d = limiters.get("login").tryAcquire(phone, 1);
        // endregion
    }

    // spring-boot-starter/src/main/java/dev/redkit/spring/boot/autoconfigure/JobHandlerBinding.java
    static final class MailConfiguration {
        // region jobHandlerBinding
        @Bean
        JobHandlerBinding<OrderEmail> orderEmails(Mailer mailer) {
            return JobHandlerBinding.of("order-emails", OrderEmail.class, (job, ctx) -> mailer.send(job));
        }
        // endregion
    }

    /** A job. */
    record OrderEmail(String orderId, String address) {}

    /** Sends mail. */
    interface Mailer {
        void send(OrderEmail email);
    }

    /** A cached value. */
    record Merchant(String slug) {}

    /** The system of record. */
    interface Database {
        Merchant findMerchant(String slug);
    }
}
