package org.jrouterd.transport.sasl.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user store file the router reads, read again when it changes: each lookup (one per SASL exchange) checks the
 * file's modification time, size and key, a cheap {@code stat}, and re-reads it only when one of them differs. A
 * user added with {@code jrouterd-passwd} can log in at once, with no restart. A file that cannot be read or
 * parsed leaves the users last read in place, with a warning.
 *
 * <p>Threads: called from any I/O thread; the table is published through one volatile reference (two threads
 * that see a change at once both read the file, and one table wins: both are the file's).
 */
public final class UserStoreFile implements UserLookup {

    private static final Logger LOG = LoggerFactory.getLogger("AUTHSERVICE");

    private final Path path;
    private volatile Loaded loaded = new Loaded(null, UserTable.empty());

    /** What was read, and the file attributes it was read with. */
    private record Loaded(Object version, UserTable table) {
    }

    /** The change-detection key of a file: its modification time, size and file key. */
    private record Version(Object modified, long size, Object fileKey) {
    }

    public UserStoreFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Reads the file now, as at start-up.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when its content is not a user store
     */
    public UserStoreFile load() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        UserTable table = UserTable.parse(Files.readString(path, StandardCharsets.UTF_8));
        loaded = new Loaded(version(attributes), table);
        return this;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    @Override
    public UserCredentials find(String name) {
        return current().find(name);
    }

    /** The users as the file holds them now (re-read if it changed). */
    public UserTable current() {
        Loaded now = loaded;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Version version = version(attributes);
            if (version.equals(now.version())) {
                return now.table();
            }
            UserTable table = UserTable.parse(Files.readString(path, StandardCharsets.UTF_8));
            loaded = new Loaded(version, table);
            LOG.info("User store {} read: {} users", path, table.users().size());
            return table;
        } catch (NoSuchFileException e) {
            warnOnce(now, "User store " + path + " is missing; keeping the " + now.table().users().size()
                    + " users read before");
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            warnOnce(now, "User store " + path + " cannot be read (" + e.getMessage() + "); keeping the "
                    + now.table().users().size() + " users read before");
        }
        return now.table();
    }

    private void warnOnce(Loaded now, String message) {
        if (!"unreadable".equals(now.version())) {
            LOG.warn(message);
            loaded = new Loaded("unreadable", now.table());
        }
    }

    private static Version version(BasicFileAttributes attributes) {
        return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }
}
