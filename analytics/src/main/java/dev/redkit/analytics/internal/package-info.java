/**
 * Implementation of {@code dev.redkit.analytics}: key layout, time buckets, batched script calls and
 * reads. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.analytics.internal;

import org.jspecify.annotations.NullMarked;
