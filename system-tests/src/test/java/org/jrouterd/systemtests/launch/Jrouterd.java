package org.jrouterd.systemtests.launch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checkout and its {@code bin/jrouterd} launcher are. The checkout is the parent of this module's
 * folder: Surefire sets {@code basedir} to the module, and a run from an IDE usually starts in it.
 */
public final class Jrouterd {

    private Jrouterd() {
    }

    /** The repository root, which holds {@code bin/jrouterd}. */
    public static Path home() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path home = module.getParent().normalize();
        if (!Files.isExecutable(home.resolve("bin/jrouterd"))) {
            throw new AssertionError("no executable bin/jrouterd in " + home + " (the parent of the module folder "
                    + module + "); run the system tests from the system-tests module");
        }
        return home;
    }

    /** The daemon launcher, {@code bin/jrouterd}. */
    public static Path launcher() {
        return home().resolve("bin/jrouterd");
    }
}
