package dev.redkit.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds the redis-server binary that {@code org.signal:embedded-redis} ships for this platform and
 * copies it, once per JVM, to an executable temporary file. Nothing is downloaded.
 */
final class RedisServerBinary {

    static final String VERSION = "7.0.15";

    private static @Nullable Path binary;

    private RedisServerBinary() {}

    static synchronized Path get() {
        if (binary != null && Files.isExecutable(binary)) {
            return binary;
        }
        String override = System.getProperty("redkit.redis-server");
        if (override != null && !override.isBlank()) {
            binary = Path.of(override);
            return binary;
        }
        String resource = "redis-server-" + VERSION + "-" + platform();
        try (InputStream in = open(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no redis-server binary " + resource + " on the class path or module path;"
                                + " add org.signal:embedded-redis (module embedded.redis) or set -Dredkit.redis-server=/path/to/redis-server");
            }
            Path dir = Files.createTempDirectory("redkit-redis-bin");
            Path file = dir.resolve("redis-server");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + file + " executable");
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            binary = file;
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract redis-server", e);
        }
    }

    /**
     * Opens the binary through a class loader, not through this class: {@code Class.getResourceAsStream} looks
     * only inside this class's own module when Redkit is on the module path, while the binary sits at the
     * top level (in no package, so not encapsulated) of {@code org.signal:embedded-redis}, module {@code embedded.redis}.
     */
    static InputStream open(String resource) {
        ClassLoader own = RedisServerBinary.class.getClassLoader();
        InputStream in =
                own != null ? own.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource);
        if (in == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null && context != own) {
                in = context.getResourceAsStream(resource);
            }
        }
        return in;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
        if (osPart == null) {
            throw new IllegalStateException("embedded Redis runs on Linux and macOS only, not " + os);
        }
        String archPart = arch.equals("amd64") || arch.equals("x86_64")
                ? "amd64"
                : arch.equals("aarch64") || arch.equals("arm64")
                        ? "arm64"
                        : arch.equals("x86") || arch.equals("i386") ? "386" : null;
        if (archPart == null) {
            throw new IllegalStateException("no embedded redis-server for architecture " + arch);
        }
        return osPart + "-" + archPart;
    }
}
