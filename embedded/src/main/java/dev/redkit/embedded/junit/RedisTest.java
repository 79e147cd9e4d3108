package dev.redkit.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real embedded Redis: one standalone server or one 3-master Cluster per
 * JVM, chosen by the system property {@code redkit.topology} ({@code standalone}, the default, or
 * {@code cluster}).
 *
 * <p>Test methods (and {@code @BeforeEach}/{@code @AfterEach} methods) may declare parameters of type
 * {@link dev.redkit.core.RedisConnector} or {@link RedisTestContext}. Each test gets its own connector with
 * a fresh random key prefix, closed after the test, so tests never see each other's keys.
 * <!-- snippet: EmbeddedSnippets#redisTest -->
 * <pre>{@code
 * @RedisTest
 * class SessionStoreTest {
 *     @Test
 *     void createsSession(RedisConnector redis, RedisTestContext ctx) {
 *         redis.ping();
 *     }
 * }
 * }</pre>
 * The annotation also tags the class {@code redis}, which the build uses to run these tests a second
 * time on Cluster.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(RedisExtension.class)
@Tag("redis")
public @interface RedisTest {}
