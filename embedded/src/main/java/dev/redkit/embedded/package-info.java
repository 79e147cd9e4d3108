/**
 * Real Redis 7 servers for development, examples and tests: {@link dev.redkit.embedded.EmbeddedRedis}
 * (standalone) and {@link dev.redkit.embedded.EmbeddedRedisCluster} (a real multi-master Cluster).
 * The JUnit 5 extension lives in {@code dev.redkit.embedded.junit}.
 */
@NullMarked
package dev.redkit.embedded;

import org.jspecify.annotations.NullMarked;
