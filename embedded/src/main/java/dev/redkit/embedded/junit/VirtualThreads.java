package dev.redkit.embedded.junit;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Threads for concurrency tests that compile with {@code --release 17}: virtual threads on a JDK that has
 * them (21 and later, found by reflection), platform daemon threads otherwise.
 *
 * <!-- snippet: EmbeddedSnippets#virtualThreads -->
 * <pre>{@code
 * ThreadFactory threads = VirtualThreads.factoryOrPlatform("burst");
 * int n = VirtualThreads.available() ? 2_000 : 200;
 * }</pre>
 */
public final class VirtualThreads {

    private static final @Nullable ThreadFactory VIRTUAL = findVirtual();

    private VirtualThreads() {}

    /** @return whether this JDK runs virtual threads */
    public static boolean available() {
        return VIRTUAL != null;
    }

    /**
     * A factory of virtual threads where available, else of platform daemon threads named {@code name-N}.
     *
     * @param name the platform threads' name prefix
     * @return the factory
     */
    public static ThreadFactory factoryOrPlatform(String name) {
        if (VIRTUAL != null) {
            return VIRTUAL;
        }
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static @Nullable ThreadFactory findVirtual() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
