package org.jrouterd.server;

import java.io.PrintStream;

/** Lets tests in other packages run the daemon's command line without {@code System.exit}. */
public final class MainAccess {

    private MainAccess() {
    }

    /** {@link Main#execute}: the exit code, with messages for the user on {@code err}. */
    public static int execute(String[] args, PrintStream err) {
        return Main.execute(args, err);
    }
}
