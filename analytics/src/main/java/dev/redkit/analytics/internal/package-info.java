/**
 * Implementation of {@code dev.redkit.analytics}: key layout, time buckets, batched script calls and
 * reads. Not exported; may change without notice.
 */
package dev.redkit.analytics.internal;
