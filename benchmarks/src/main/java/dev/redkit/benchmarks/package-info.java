/** JMH benchmarks of Redkit beside raw Jedis and other libraries, on an embedded Redis. */
package dev.redkit.benchmarks;
