package org.jrouterd.transport.sasl.external;

import java.util.Map;

/**
 * qdrouterd's {@code uidNameMappingFile} content: a JSON object from user id (as {@link CertificateIdentity} builds
 * it) to the name the router shows and authorises; a user id not in it stands for itself. Immutable.
 */
public final class UidNameMapping {

    /** No mapping: every id stands for itself. */
    public static final UidNameMapping NONE = new UidNameMapping(Map.of());

    private final Map<String, String> names;

    public UidNameMapping(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The display name of {@code uid}, or {@code uid} itself. */
    public String nameOf(String uid) {
        return names.getOrDefault(uid, uid);
    }
}
