/** JMH benchmarks of session, each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.session;

import org.jspecify.annotations.NullMarked;
