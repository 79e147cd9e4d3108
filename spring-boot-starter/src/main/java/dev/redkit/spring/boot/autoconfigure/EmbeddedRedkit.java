package dev.redkit.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * On a {@code @SpringBootTest} class: runs the test's application on an embedded Redis shared by Redkit and
 * Spring Data Redis (needs {@code redkit-embedded} in test scope). The topology is standalone, or a 3-master
 * Cluster when the {@code redkit.topology} system property (or {@code redkit.embedded.topology}) says
 * {@code cluster}. The server is started once per JVM and topology.
 * <!-- snippet: SpringSnippets#embeddedRedkit -->
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedRedkit
 * class CheckoutTest {}
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "redkit.embedded.enabled=true")
public @interface EmbeddedRedkit {}
