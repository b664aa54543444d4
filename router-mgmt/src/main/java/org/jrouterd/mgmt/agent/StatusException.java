package org.jrouterd.mgmt.agent;

/**
 * Ends the handling of a request with a failure status; the agent catches it and answers with the status. Never
 * leaves the package.
 */
final class StatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status status;

    StatusException(Status status) {
        super(status.description(), null, false, false);
        this.status = status;
    }

    /** The status to answer with. */
    Status status() {
        return status;
    }
}
