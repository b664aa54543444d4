package org.jrouterd.server;

import java.util.Locale;

/** The router {@code mode}: standalone (no mesh) or interior (part of a mesh of routers). */
public enum RouterMode {
    STANDALONE,
    INTERIOR;

    /** Parses a config name such as {@code interior}. */
    public static RouterMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "standalone" -> STANDALONE;
            case "interior" -> INTERIOR;
            default -> throw new IllegalArgumentException("unsupported router mode '" + name
                    + "' (standalone, interior)");
        };
    }
}
