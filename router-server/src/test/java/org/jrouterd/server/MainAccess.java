package org.jrouterd.server;

import java.io.PrintStream;

/** Lets tests in other packages run the daemon's command line without {@code System.exit}. */
public final class MainAccess {

    private MainAccess() {
    }

    /** The configuration the arguments would start (nothing started), with {@code warnings} filled in. */
    public static org.jrouterd.server.config.ConfiguredRouter configuredFor(String[] args,
            java.util.List<String> warnings) throws org.jrouterd.mgmt.config.ConfigException {
        return Main.configuredFor(args, warnings);
    }

    /** {@link Main#execute}: the exit code, with messages for the user on {@code err}. */
    public static int execute(String[] args, PrintStream err) {
        return Main.execute(args, err);
    }
}
