package dev.redkit.examples.platform;

/**
 * An order-confirmation e-mail waiting in the queue.
 *
 * @param orderId the order
 * @param to the recipient
 * @param subject the subject line
 * @param body the text
 */
public record EmailJob(long orderId, String to, String subject, String body) {}
