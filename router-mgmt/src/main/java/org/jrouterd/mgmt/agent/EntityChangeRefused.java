package org.jrouterd.mgmt.agent;

/**
 * A runtime change an {@link EntityWriter} refuses, with the status the agent answers: e.g. 400 for a duplicate
 * name, 403 for an inter-router connection. Immutable.
 */
public final class EntityChangeRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 403 Forbidden. */
    public static final int FORBIDDEN = 403;

    private final int statusCode;

    /**
     * @param statusCode  the response status code
     * @param description the response status description
     */
    public EntityChangeRefused(int statusCode, String description) {
        super(description, null, false, false);
        this.statusCode = statusCode;
    }

    /** The response status code. */
    public int statusCode() {
        return statusCode;
    }
}
