/** Benchmarks of the reliable queue beside Redisson's blocking queue and a raw Jedis list loop. */
@NullMarked
package dev.redkit.benchmarks.queue;

import org.jspecify.annotations.NullMarked;
