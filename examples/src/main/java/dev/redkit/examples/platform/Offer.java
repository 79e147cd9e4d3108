package dev.redkit.examples.platform;

/**
 * An offer row joined with its merchant, as cached.
 *
 * @param id the id
 * @param merchantId the merchant's id
 * @param merchantSlug the merchant's slug
 * @param title the title
 * @param cashbackBps the cashback in basis points
 */
public record Offer(long id, long merchantId, String merchantSlug, String title, int cashbackBps) {}
