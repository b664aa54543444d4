package org.jrouterd.tools.client;

/**
 * A failure the tools print as qdstat and qdmanage do, {@code <Python exception name>: <message>}, and exit 1:
 * e.g. {@code Timeout: Connection amqp://127.0.0.1:5672 timed out: Waiting for response} or
 * {@code NotImplementedStatus: ...}.
 *
 * <p>Threads: immutable; any thread.
 */
public class ToolFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pythonType;

    /**
     * @param pythonType the name of the exception the Python tool raises in this case
     * @param message its text
     */
    public ToolFailure(String pythonType, String message) {
        super(message);
        this.pythonType = pythonType;
    }

    /** The Python exception's name. */
    public String pythonType() {
        return pythonType;
    }

    /** The line the tools print. */
    public String line() {
        return pythonType + ": " + getMessage();
    }
}
