/**
 * JUnit 5 support: annotate a test class with {@link dev.redkit.embedded.junit.RedisTest} and take a
 * {@link dev.redkit.core.RedisConnector} or {@link dev.redkit.embedded.junit.RedisTestContext} as a
 * test method parameter.
 */
@NullMarked
package dev.redkit.embedded.junit;

import org.jspecify.annotations.NullMarked;
