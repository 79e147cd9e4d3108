package dev.redkit.cache;

/** The value type of the tests. */
record Merchant(String slug, int rating) {}
