package org.jrouterd.mgmt.agent;

/**
 * A management response status: {@code statusCode} and {@code statusDescription} as qdrouterd sends them. The
 * default descriptions are qdrouterd's ({@code OK}, {@code Not Found}, ...). Immutable.
 *
 * @param code the HTTP-like status code
 * @param description the description
 */
record Status(int code, String description) {

    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int INTERNAL_SERVER_ERROR = 500;
    static final int NOT_IMPLEMENTED = 501;

    /** 201 Created, as qdrouterd answers a CREATE. */
    static final Status CREATED = new Status(201, "Created");
    /** 204 No Content, as qdrouterd answers a DELETE. */
    static final Status NO_CONTENT = new Status(204, "No Content");

    /** 200 OK. */
    static final Status SUCCESS = new Status(OK, "OK");

    /** A 400 Bad Request failure with a description. */
    static StatusException badRequest(String description) {
        return new StatusException(new Status(BAD_REQUEST, description));
    }

    /** A 404 Not Found failure with a description. */
    static StatusException notFound(String description) {
        return new StatusException(new Status(NOT_FOUND, description));
    }

    /** A 501 Not Implemented failure with a description. */
    static StatusException notImplemented(String description) {
        return new StatusException(new Status(NOT_IMPLEMENTED, description));
    }

    /** A 500 Internal Server Error, described as qdrouterd describes an unexpected exception: {@code Type: text}. */
    static Status internalError(Throwable failure) {
        return new Status(INTERNAL_SERVER_ERROR, failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }
}
