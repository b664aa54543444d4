package org.jrouterd.tools;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The tools' standard output: UTF-8, lines ending in {@code \n} whatever the platform, flushed when the tool
 * ends (and before a failure line, so partial output comes first, as with Python's print).
 *
 * <p>Threads: confined to the thread that runs the tool.
 */
public final class ToolOutput {

    private ToolOutput() {
    }

    /** A writer on {@code stream} that does not close it. */
    public static PrintWriter on(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
    }
}
