package org.jrouterd.transport.server;

import java.util.Locale;

/** The {@code role} of a listener or connector, as qdrouterd names it. */
public enum ConnectionRole {
    NORMAL("normal"),
    INTER_ROUTER("inter-router"),
    ROUTE_CONTAINER("route-container"),
    EDGE("edge");

    private final String configName;

    ConnectionRole(String configName) {
        this.configName = configName;
    }

    /** The name used in {@code qdrouterd.conf}. */
    public String configName() {
        return configName;
    }

    /** Parses a config name such as {@code inter-router}. */
    public static ConnectionRole parse(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ConnectionRole role : values()) {
            if (role.configName.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (normal, inter-router, route-container, edge)");
    }
}
