package org.jrouterd.transport.server;

/** A listener could not be bound: the message names the address and the reason (e.g. "Address in use"). */
public final class ListenerBindException extends RuntimeException {

    public ListenerBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
