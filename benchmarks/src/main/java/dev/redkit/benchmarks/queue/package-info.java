/** Benchmarks of the reliable queue beside Redisson's blocking queue and a raw Jedis list loop. */
package dev.redkit.benchmarks.queue;
