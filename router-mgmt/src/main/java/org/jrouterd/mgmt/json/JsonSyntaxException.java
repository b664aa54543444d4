package org.jrouterd.mgmt.json;

/**
 * Malformed JSON: what was expected and the 1-based line where the reader found something else. The message does
 * not contain the line; callers prefix their own {@code file:line:}.
 */
public final class JsonSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final boolean endOfText;

    /**
     * Creates the exception.
     *
     * @param line      where the problem is
     * @param message   what is wrong, e.g. {@code expected ',' or '}' but found '"'}
     * @param endOfText true when the text ended before the value was complete (an unclosed value)
     */
    public JsonSyntaxException(int line, String message, boolean endOfText) {
        super(message);
        this.line = line;
        this.endOfText = endOfText;
    }

    /** Tells whether the text ended before the value was complete: a '{', '[' or '"' that is never closed. */
    public boolean endOfText() {
        return endOfText;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }
}
