package org.jrouterd.transport.tls;

/**
 * An {@code sslProfile} that cannot be used: a file missing, unreadable or not what it should be, a wrong key
 * password, a protocol or cipher the TLS provider does not know. Names the profile attribute at fault so that the
 * configuration can point at its line.
 */
public final class TlsSetupException extends Exception {

    private final String attribute;

    /** A problem with {@code attribute} (e.g. {@code certFile}), or with the whole profile when it is null. */
    public TlsSetupException(String attribute, String message, Throwable cause) {
        super(message, cause);
        this.attribute = attribute;
    }

    public TlsSetupException(String attribute, String message) {
        this(attribute, message, null);
    }

    /** The sslProfile attribute the problem is about, or null. */
    public String attribute() {
        return attribute;
    }
}
