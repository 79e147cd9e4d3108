/** JMH benchmarks of the strict modes (write plus WAIT), each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.strict;

import org.jspecify.annotations.NullMarked;
