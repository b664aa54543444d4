package org.jrouterd.mgmt.schema;

/**
 * An attribute value that does not fit its attribute: wrong type, not an allowed name, out of range, or an
 * unreadable secret. The message says what is wrong with the value only; callers add the entity and attribute.
 */
public final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, e.g. {@code 'abc' is not an integer}
     */
    public InvalidValueException(String message) {
        super(message);
    }
}
