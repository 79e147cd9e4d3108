/** Rate limiter benchmarks: every Redkit algorithm beside the raw EVALSHA floor, Redisson and Bucket4j. */
@NullMarked
package dev.redkit.benchmarks.ratelimit;

import org.jspecify.annotations.NullMarked;
