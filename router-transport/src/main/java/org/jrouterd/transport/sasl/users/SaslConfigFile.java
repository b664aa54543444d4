package org.jrouterd.transport.sasl.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The SASL configuration file qdrouterd names with the router's {@code saslConfigDir} and {@code saslConfigName}
 * ({@code <dir>/<name>.conf}, Cyrus's {@code key: value} format), as jrouterd reads it:
 * <ul>
 * <li>{@code mech_list:} the mechanisms the router may offer at all (a listener's {@code saslMechanisms} is cut
 *     down to them, as Cyrus cuts qdrouterd's);</li>
 * <li>{@code jrouterd_user_store:} the jrouterd user store (written by {@code jrouterd-passwd}); a relative path
 *     is taken from the file's folder. Cyrus ignores keys it does not know, so the same file serves both
 *     routers;</li>
 * <li>{@code sasldb_path:} read only to say that a Cyrus sasldb cannot be used: its users must be entered again
 *     with {@code jrouterd-passwd}.</li>
 * </ul>
 * Every other key is ignored. Immutable.
 *
 * @param file       the file read
 * @param mechList   the {@code mech_list} names, upper case; empty when the file has none (no restriction)
 * @param userStore  the user store, or null when the file names none
 * @param sasldbPath the {@code sasldb_path} value, or null
 */
public record SaslConfigFile(Path file, List<String> mechList, Path userStore, String sasldbPath) {

    /** The key naming jrouterd's user store. */
    public static final String USER_STORE_KEY = "jrouterd_user_store";

    /** The file of configuration {@code name} in folder {@code directory}, as qdrouterd names it. */
    public static Path locate(Path directory, String name) {
        return directory.resolve(name + ".conf");
    }

    /**
     * Reads the file.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException for a line that is not {@code key: value}
     */
    public static SaslConfigFile read(Path file) throws IOException {
        List<String> mechList = List.of();
        Path userStore = null;
        String sasldb = null;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'key: value'");
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "mech_list" -> mechList = Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isEmpty())
                        .map(s -> s.toUpperCase(Locale.ROOT)).toList();
                case USER_STORE_KEY -> userStore = file.toAbsolutePath().getParent().resolve(value);
                case "sasldb_path" -> sasldb = value;
                default -> {
                    // Cyrus settings jrouterd has no use for (pwcheck_method, auxprop_plugin, ...)
                }
            }
        }
        return new SaslConfigFile(file, mechList, userStore, sasldb);
    }
}
