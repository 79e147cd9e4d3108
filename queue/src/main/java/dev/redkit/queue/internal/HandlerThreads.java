package dev.redkit.queue.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Thread factories of a worker. Handler threads are virtual where the JDK has them (21+; looked up through
 * {@link MethodHandles}, since the module compiles for release 17) and named platform daemon threads otherwise;
 * the fetch and lease threads are always platform threads.
 */
final class HandlerThreads {

    /** {@code Thread.ofVirtual()}, or null before JDK 21. */
    private static final @Nullable MethodHandle OF_VIRTUAL;
    /** {@code Thread.Builder.name(String, long)}, or null before JDK 21. */
    private static final @Nullable MethodHandle NAME;
    /** {@code Thread.Builder.factory()}, or null before JDK 21. */
    private static final @Nullable MethodHandle FACTORY;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle factory = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
    }

    private HandlerThreads() {}

    /** @return whether this JDK has virtual threads (the default for handlers) */
    static boolean virtualAvailable() {
        return OF_VIRTUAL != null;
    }

    /**
     * The default factory of handler threads: virtual threads named {@code prefix + n} on JDK 21+, named platform
     * daemon threads before.
     *
     * @param prefix thread name prefix
     * @return the factory
     */
    static ThreadFactory defaultFactory(String prefix) {
        MethodHandle ofVirtual = OF_VIRTUAL;
        MethodHandle name = NAME;
        MethodHandle factory = FACTORY;
        if (ofVirtual == null || name == null || factory == null) {
            return platform(prefix);
        }
        try {
            Object builder = ofVirtual.invoke();
            builder = name.invoke(builder, prefix, 1L);
            return (ThreadFactory) factory.invoke(builder);
        } catch (Throwable e) {
            return platform(prefix);
        }
    }

    /**
     * Named platform daemon threads.
     *
     * @param prefix thread name prefix
     * @return the factory
     */
    static ThreadFactory platform(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
