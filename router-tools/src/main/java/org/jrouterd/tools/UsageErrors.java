package org.jrouterd.tools;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Usage errors as argparse reports them for qdstat and qdmanage: {@code usage: <synopsis>}, then
 * {@code <prog>: error: <message>} on standard error, exit status 2.
 *
 * <p>Threads: stateless; any thread.
 */
public final class UsageErrors {

    /** argparse's exit status for a usage error. */
    public static final int STATUS = 2;

    private UsageErrors() {
    }

    /** Makes {@code line} report usage errors that way. */
    public static CommandLine install(CommandLine line) {
        line.setParameterExceptionHandler((error, args) -> {
            CommandLine command = error.getCommandLine();
            PrintWriter err = command.getErr();
            err.print("usage: " + command.getHelp().synopsis(0).stripTrailing().replace("\r\n", "\n") + "\n");
            err.print(command.getCommandName() + ": error: " + error.getMessage() + "\n");
            err.flush();
            return STATUS;
        });
        return line;
    }
}
