/** JMH benchmarks of otp, each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.otp;

import org.jspecify.annotations.NullMarked;
