/** Rate limiter benchmarks: every Redkit algorithm beside the raw EVALSHA floor, Redisson and Bucket4j. */
package dev.redkit.benchmarks.ratelimit;
