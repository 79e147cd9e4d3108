package dev.redkit.examples.platform;

/**
 * A merchant row, as cached.
 *
 * @param id the id
 * @param slug the URL name
 * @param name the display name
 * @param category the category
 * @param cashbackBps the default cashback in basis points (150 = 1.5%)
 * @param description a short description
 */
public record Merchant(long id, String slug, String name, String category, int cashbackBps, String description) {}
