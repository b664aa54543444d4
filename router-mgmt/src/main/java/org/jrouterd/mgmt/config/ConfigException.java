package org.jrouterd.mgmt.config;

/**
 * A configuration file that cannot be used. The message is exactly {@code file:line: message} (or {@code file:
 * message} when no line applies, e.g. an unreadable file), ready to print; {@link #toString()} is the same, so no
 * stack trace or class name needs to reach the operator.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param file   the file as the operator named it
     * @param line   the 1-based line, or 0 when no line applies
     * @param detail what is wrong, naming the section and attribute
     */
    public ConfigException(String file, int line, String detail) {
        super(line > 0 ? file + ":" + line + ": " + detail : file + ": " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** The file as the operator named it. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when no line applies. */
    public int line() {
        return line;
    }

    /** What is wrong, without the {@code file:line:} prefix. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
