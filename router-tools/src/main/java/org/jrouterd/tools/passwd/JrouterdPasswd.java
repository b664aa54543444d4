package org.jrouterd.tools.passwd;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jrouterd-passwd}: manages the users of a jrouterd user store, as {@code saslpasswd2} manages a Cyrus
 * sasldb. The password is read from the terminal without echo (asked twice), from standard input when that is not
 * a terminal, or from {@code --password-file}; it is never an argument. The store keeps a salt, an iteration count
 * and SCRAM-SHA-1/256/512 keys per user, never the password. Exit 0 on success, 1 when the operation fails (no such
 * user, user exists, unreadable file), 2 for a usage error.
 *
 * <p>Threads: confined to the thread that calls {@link #run}.
 */
@Command(name = "jrouterd-passwd", sortOptions = false,
        description = "Adds, changes, deletes or lists the users of a jrouterd user store (salted SCRAM keys).")
public final class JrouterdPasswd implements Callable<Integer> {

    /** What to do. */
    enum Operation { add, change, delete, list }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
    boolean help;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "STORE",
            description = "the user store file (created by 'add' when missing)")
    Path file;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE (for scripts)")
    Path passwordFile;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "" + UserCredentials.DEFAULT_ITERATIONS,
            description = "PBKDF2 iteration count for new keys, at least 4096; default ${DEFAULT-VALUE}")
    int iterations;

    @Parameters(index = "0", paramLabel = "OPERATION", description = "add, change, delete or list")
    Operation operation;

    @Parameters(index = "1", arity = "0..1", paramLabel = "USER", description = "the user name")
    String user;

    private final InputStream stdin;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Console console;

    JrouterdPasswd(InputStream stdin, PrintWriter out, PrintWriter err, Console console) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.console = console;
    }

    /** Runs the tool; returns its exit status. {@code console} may be null (no terminal). */
    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr, Console console) {
        PrintWriter out = new PrintWriter(stdout, true);
        PrintWriter err = new PrintWriter(stderr, true);
        CommandLine line = new CommandLine(new JrouterdPasswd(stdin, out, err, console));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setOut(out);
        line.setErr(err);
        return line.execute(args);
    }

    /** The command-line entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.console()));
    }

    @Override
    public Integer call() throws IOException {
        if (operation != Operation.list && (user == null || user.isEmpty())) {
            err.println("jrouterd-passwd: " + operation + " needs a USER");
            return 2;
        }
        if (iterations < UserCredentials.DEFAULT_ITERATIONS) {
            err.println("jrouterd-passwd: --iterations must be at least " + UserCredentials.DEFAULT_ITERATIONS);
            return 2;
        }
        UserTable table;
        try {
            table = UserStoreWriter.read(file);
        } catch (IllegalArgumentException e) {
            err.println("jrouterd-passwd: " + file + " is not a jrouterd user store: " + e.getMessage());
            return 1;
        }
        switch (operation) {
            case list -> {
                table.users().forEach(u -> out.println(u.name()));
                return 0;
            }
            case delete -> {
                if (table.find(user) == null) {
                    err.println("jrouterd-passwd: no user " + user + " in " + file);
                    return 1;
                }
                UserStoreWriter.write(file, table.without(user));
                out.println("deleted user " + user);
                return 0;
            }
            default -> {
                return setPassword(table);
            }
        }
    }

    private int setPassword(UserTable table) throws IOException {
        boolean exists = table.find(user) != null;
        if (operation == Operation.add && exists) {
            err.println("jrouterd-passwd: user " + user + " already exists in " + file + " (use change)");
            return 1;
        }
        if (operation == Operation.change && !exists) {
            err.println("jrouterd-passwd: no user " + user + " in " + file + " (use add)");
            return 1;
        }
        try {
            UserCredentials.checkName(user);
        } catch (IllegalArgumentException e) {
            err.println("jrouterd-passwd: " + e.getMessage());
            return 2;
        }
        String password = readPassword();
        if (password == null) {
            return 1;
        }
        UserCredentials credentials = UserCredentials.create(user, password, iterations, new SecureRandom());
        UserStoreWriter.write(file, table.with(credentials));
        out.println((exists ? "changed password of user " : "added user ") + user);
        return 0;
    }

    /** The password from --password-file, the terminal (twice, no echo) or standard input; null after an error. */
    private String readPassword() throws IOException {
        String password;
        if (passwordFile != null) {
            password = firstLine(Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8));
        } else if (console != null) {
            char[] first = console.readPassword("Password for %s: ", user);
            char[] second = console.readPassword("Again (for verification): ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                err.println("jrouterd-passwd: the passwords differ");
                return null;
            }
            password = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        } else {
            password = firstLine(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
        }
        if (password == null || password.isEmpty()) {
            err.println("jrouterd-passwd: empty password");
            return null;
        }
        return password;
    }

    private static String firstLine(BufferedReader reader) throws IOException {
        try (reader) {
            return reader.readLine();
        }
    }
}
