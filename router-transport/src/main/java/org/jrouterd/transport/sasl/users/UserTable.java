package org.jrouterd.transport.sasl.users;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.scram.ScramKeys;

/**
 * The users of a store file, and the file's text format: one user a line,
 * <pre>
 * name iterations salt SCRAM-SHA-1=storedKey:serverKey SCRAM-SHA-256=storedKey:serverKey SCRAM-SHA-512=...
 * </pre>
 * fields separated by white space, binary values in base64, {@code #} starting a comment line. Immutable.
 */
public final class UserTable implements UserLookup {

    /** The first line of a file this class writes. */
    public static final String HEADER = "# jrouterd user store: name iterations salt SCRAM-SHA-n=storedKey:serverKey..."
            + " (written by jrouterd-passwd; holds no passwords)";

    private final Map<String, UserCredentials> users;

    private UserTable(Map<String, UserCredentials> users) {
        this.users = users;
    }

    /** A table with no users. */
    public static UserTable empty() {
        return new UserTable(Map.of());
    }

    @Override
    public UserCredentials find(String name) {
        return users.get(name);
    }

    /** The users, in file order. */
    public List<UserCredentials> users() {
        return List.copyOf(users.values());
    }

    /** A copy with {@code user} added or replaced. */
    public UserTable with(UserCredentials user) {
        Map<String, UserCredentials> copy = new LinkedHashMap<>(users);
        copy.put(user.name(), user);
        return new UserTable(java.util.Collections.unmodifiableMap(copy));
    }

    /** A copy without the user {@code name}. */
    public UserTable without(String name) {
        Map<String, UserCredentials> copy = new LinkedHashMap<>(users);
        copy.remove(name);
        return new UserTable(java.util.Collections.unmodifiableMap(copy));
    }

    /**
     * Parses a store file's text.
     *
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static UserTable parse(String text) {
        Map<String, UserCredentials> users = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                UserCredentials user = parseLine(line);
                if (users.put(user.name(), user) != null) {
                    throw new IllegalArgumentException("user " + user.name() + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new UserTable(java.util.Collections.unmodifiableMap(users));
    }

    private static UserCredentials parseLine(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length < 4) {
            throw new IllegalArgumentException("expected: name iterations salt SCRAM-SHA-n=storedKey:serverKey...");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iteration count is not a number: " + fields[1]);
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] salt = base64.decode(fields[2]);
        Map<ScramAlgorithm, ScramKeys> keys = new EnumMap<>(ScramAlgorithm.class);
        for (int f = 3; f < fields.length; f++) {
            int equals = fields[f].indexOf('=');
            int colon = fields[f].indexOf(':', equals + 1);
            ScramAlgorithm algorithm = equals < 0 ? null : ScramAlgorithm.ofMechanism(fields[f].substring(0, equals));
            if (algorithm == null || colon < 0) {
                throw new IllegalArgumentException("not SCRAM-SHA-n=storedKey:serverKey: " + fields[f]);
            }
            ScramKeys pair = new ScramKeys(base64.decode(fields[f].substring(equals + 1, colon)),
                    base64.decode(fields[f].substring(colon + 1)));
            if (pair.storedKey().length != algorithm.hashLength() || pair.serverKey().length != algorithm.hashLength()) {
                throw new IllegalArgumentException(algorithm.mechanismName() + " keys must be "
                        + algorithm.hashLength() + " bytes");
            }
            keys.put(algorithm, pair);
        }
        return new UserCredentials(fields[0], salt, iterations, keys);
    }

    /** The table as a store file's text. */
    public String format() {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (UserCredentials user : users.values()) {
            StringBuilder line = new StringBuilder(user.name()).append(' ').append(user.iterations()).append(' ')
                    .append(base64.encodeToString(user.salt()));
            for (Map.Entry<ScramAlgorithm, ScramKeys> entry : new EnumMap<>(user.keys()).entrySet()) {
                line.append(' ').append(entry.getKey().mechanismName()).append('=')
                        .append(base64.encodeToString(entry.getValue().storedKey())).append(':')
                        .append(base64.encodeToString(entry.getValue().serverKey()));
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines) + "\n";
    }
}
