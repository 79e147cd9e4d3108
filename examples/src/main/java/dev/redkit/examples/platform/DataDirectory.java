package dev.redkit.examples.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The app's private data directory ({@code DATA_DIR}): created owner-only ({@code rwx------}); an existing
 * directory that others may read or enter is narrowed to owner-only, and refused if that fails or if it belongs to
 * another user. On a file system without POSIX permissions the directory is used as it is.
 */
final class DataDirectory {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private DataDirectory() {}

    static void preparePrivate(Path dir) {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (!posix) {
                return;
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            String me = System.getProperty("user.name");
            if (!view.getOwner().getName().equals(me)) {
                throw new StartupException(
                        "DATA_DIR " + dir + " belongs to " + view.getOwner().getName() + ", not " + me);
            }
            if (!view.readAttributes().permissions().equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new StartupException("cannot prepare DATA_DIR " + dir + ": " + e.getMessage());
        }
    }
}
