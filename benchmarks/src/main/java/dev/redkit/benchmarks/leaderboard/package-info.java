/** JMH benchmarks of leaderboard, each Redkit operation beside its raw-Jedis twin (and a Redisson or Bucket4j twin where one exists). */
@NullMarked
package dev.redkit.benchmarks.leaderboard;

import org.jspecify.annotations.NullMarked;
