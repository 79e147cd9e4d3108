/** JMH benchmarks of Redkit beside raw Jedis and other libraries, on an embedded Redis. */
@NullMarked
package dev.redkit.benchmarks;

import org.jspecify.annotations.NullMarked;
