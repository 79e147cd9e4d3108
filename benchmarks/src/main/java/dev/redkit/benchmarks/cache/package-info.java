/** JMH benchmarks of cache, each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.cache;

import org.jspecify.annotations.NullMarked;
