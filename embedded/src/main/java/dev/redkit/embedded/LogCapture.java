package dev.redkit.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures everything written to {@code System.out} and {@code System.err} while open (still passing it
 * through), so a test can assert that no secret reaches a log. When the SLF4J binding is
 * {@code slf4j-simple} (as in Redkit's tests), every logger, including those created while capturing, is
 * lowered to {@code TRACE} for the duration and restored on {@link #close()}; with another binding only the
 * streams are captured.
 * <!-- snippet: EmbeddedSnippets#logCapture -->
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     RedisConnector.create(config).ping();
 *     assertThat(logs.text()).doesNotContain(password);
 * }
 * }</pre>
 * Captures output of every thread. Not for concurrent use by several tests at once: it replaces
 * process-wide streams.
 */
public final class LogCapture implements AutoCloseable {

    private static final String SIMPLE_FACTORY = "org.slf4j.simple.SimpleLoggerFactory";
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.";
    private static final List<String> ROOT_PACKAGES = List.of("dev", "redis", "org", "io", "com", "java", "javax");
    private static final int TRACE = 0;

    private final PrintStream previousOut;
    private final PrintStream previousErr;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final Map<Logger, Integer> previousLevels = new HashMap<>();
    private final Map<String, String> previousProperties = new HashMap<>();

    private LogCapture() {
        this.previousOut = System.out;
        this.previousErr = System.err;
    }

    /**
     * Starts capturing.
     *
     * @return the capture; close it to restore the streams and log levels
     */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.lowerLevels();
        System.setOut(new PrintStream(capture.tee(capture.previousOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture.tee(capture.previousErr), true, StandardCharsets.UTF_8));
        return capture;
    }

    /**
     * Everything written so far.
     *
     * @return the captured text (UTF-8)
     */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    /** Restores the streams and log levels. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(previousOut);
        System.setErr(previousErr);
        previousLevels.forEach(LogCapture::setLevel);
        Integer defaultLevel = defaultLevel();
        if (defaultLevel != null) {
            for (Logger logger : loggers()) {
                if (!previousLevels.containsKey(logger)) {
                    setLevel(logger, defaultLevel);
                }
            }
        }
        previousProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private OutputStream tee(PrintStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                target.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }
        };
    }

    private void lowerLevels() {
        Object factory = LoggerFactory.getILoggerFactory();
        if (!SIMPLE_FACTORY.equals(factory.getClass().getName())) {
            return;
        }
        for (String root : ROOT_PACKAGES) {
            previousProperties.put(LEVEL_PROPERTY + root, System.getProperty(LEVEL_PROPERTY + root));
            System.setProperty(LEVEL_PROPERTY + root, "trace");
        }
        for (Logger logger : loggers()) {
            Integer before = level(logger);
            if (before != null) {
                previousLevels.put(logger, before);
                setLevel(logger, TRACE);
            }
        }
    }

    /** The slf4j-simple loggers created so far; empty for another binding or an unexpected slf4j-simple. */
    @SuppressWarnings("unchecked")
    private static List<Logger> loggers() {
        Object factory = LoggerFactory.getILoggerFactory();
        if (!SIMPLE_FACTORY.equals(factory.getClass().getName())) {
            return List.of();
        }
        try {
            Field map = factory.getClass().getDeclaredField("loggerMap");
            map.setAccessible(true);
            return List.copyOf(((Map<String, Logger>) map.get(factory)).values());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
    }

    /** slf4j-simple's configured default level, or null if it cannot be read. */
    private static @Nullable Integer defaultLevel() {
        try {
            Class<?> simple = Class.forName("org.slf4j.simple.SimpleLogger");
            Field config = simple.getDeclaredField("CONFIG_PARAMS");
            config.setAccessible(true);
            Object params = config.get(null);
            Field level = params.getClass().getDeclaredField("defaultLogLevel");
            level.setAccessible(true);
            return level.getInt(params);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable Integer level(Logger logger) {
        try {
            return levelField(logger).getInt(logger);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void setLevel(Logger logger, int level) {
        try {
            levelField(logger).setInt(logger, level);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // leave it as it is
        }
    }

    private static Field levelField(Logger logger) throws NoSuchFieldException {
        for (Class<?> c = logger.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("currentLogLevel");
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException("currentLogLevel");
    }
}
