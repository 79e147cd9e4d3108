/** JMH benchmarks of core, each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.core;

import org.jspecify.annotations.NullMarked;
