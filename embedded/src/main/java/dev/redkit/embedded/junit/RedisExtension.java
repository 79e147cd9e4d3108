package dev.redkit.embedded.junit;

import dev.redkit.core.RedisConnector;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link RedisTest}: starts the shared embedded Redis once per JVM and resolves
 * {@link RedisConnector} and {@link RedisTestContext} parameters, one context per test method.
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedisConnector.class || type == RedisTestContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        if (extension.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(
                    "Redis parameters are available to test and @BeforeEach/@AfterEach methods only");
        }
        RedisTestContext context = extension
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        RedisTestContext.class,
                        k -> new RedisTestContext(SharedRedis.get(), randomPrefix()),
                        RedisTestContext.class);
        if (context == null) {
            throw new ParameterResolutionException("JUnit's store returned no RedisTestContext");
        }
        return parameter.getParameter().getType() == RedisConnector.class ? context.connector() : context;
    }

    private static String randomPrefix() {
        return "t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
