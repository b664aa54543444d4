package org.jrouterd.tools.passwd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jrouterd.transport.sasl.users.UserTable;

/**
 * Reads and writes a user store file. A write goes to a new file beside it, created with mode 0600, forced to disk,
 * then renamed over the old one: a router reading the store sees the old file or the new one, never half of one.
 * Stateless.
 */
final class UserStoreWriter {

    private UserStoreWriter() {
    }

    /** The store's users; no users when the file does not exist yet. */
    static UserTable read(Path file) throws IOException {
        try {
            return UserTable.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return UserTable.empty();
        }
    }

    /** Replaces the file with {@code table}, atomically, readable and writable by its owner only. */
    static void write(Path file, UserTable table) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(table.format()));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
