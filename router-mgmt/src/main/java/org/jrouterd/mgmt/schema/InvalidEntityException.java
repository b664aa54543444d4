package org.jrouterd.mgmt.schema;

/**
 * An entity that cannot be created: an unknown or unsupported type, an unknown, read-only, duplicate or badly
 * valued attribute, a missing required one, or attributes that do not fit together. The message names the entity
 * type and the attribute; {@link #line()} is the line of the attribute at fault (or of the entity).
 */
public final class InvalidEntityException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * Creates the exception.
     *
     * @param line    the line of the attribute or entity at fault (0 when there are no lines)
     * @param message e.g. {@code listener: attribute 'port': '99999' is not a port ...}
     */
    public InvalidEntityException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The line of the attribute or entity at fault. */
    public int line() {
        return line;
    }
}
