package org.jrouterd.transport.server;

import java.util.Locale;

/** Which direction(s) a listener strips client-supplied {@code x-opt-qd.*} message annotations in. */
public enum StripAnnotations {
    IN, OUT, BOTH, NO;

    /** Whether annotations are stripped from messages arriving on such a connection. */
    public boolean inbound() {
        return this == IN || this == BOTH;
    }

    /** Whether annotations are stripped from messages leaving on such a connection. */
    public boolean outbound() {
        return this == OUT || this == BOTH;
    }

    /** Parses {@code in}, {@code out}, {@code both} or {@code no}. */
    public static StripAnnotations parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stripAnnotations '" + name + "' (in, out, both, no)");
        }
    }
}
