package org.jrouterd.tools.client;

import java.util.Map;

/**
 * A management response whose status is not the one expected: qdmanage's {@code ManagementError} subclasses,
 * named after the status text ({@code NotFoundStatus}, {@code NotImplementedStatus}, ...), or its
 * {@code ValueError} for an unexpected 2xx status.
 *
 * <p>Threads: immutable; any thread.
 */
public final class ManagementError extends ToolFailure {

    private static final long serialVersionUID = 1L;

    private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(203, "Non-Authoritative Information"), Map.entry(204, "No Content"),
            Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(407, "Proxy Authentication Required"),
            Map.entry(408, "Request Timeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(414, "Request-URI Too Long"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Requested Range Not Satisfiable"),
            Map.entry(417, "Expectation Failed"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(505, "HTTP Version Not Supported"));

    /** The only statuses for which qdmanage has a named class; others are a plain ManagementError. */
    private static final java.util.Set<Integer> NAMED = java.util.Set.of(400, 401, 403, 404, 500, 501);

    private final int status;

    private ManagementError(String pythonType, int status, String message) {
        super(pythonType, message);
        this.status = status;
    }

    /** The error qdmanage raises for status {@code status} when it expected {@code expected}. */
    static ManagementError of(int status, String description, int expected) {
        if (status >= 200 && status <= 299) {
            return new ManagementError("ValueError", status, String.format("Response was %d(%s) but expected %d(%s): %s",
                    status, STATUS_TEXT.get(status), expected, STATUS_TEXT.get(expected), description));
        }
        String name = NAMED.contains(status) ? STATUS_TEXT.get(status).replace(" ", "") + "Status" : "ManagementError";
        return new ManagementError(name, status, description == null ? "None" : description);
    }

    /** The response's status code. */
    public int status() {
        return status;
    }
}
