package org.jrouterd.server.logging;

import java.util.Locale;
import java.util.Set;

/** The qdrouterd 1.19 log modules; each is the name of an SLF4J logger. DEFAULT is the root logger. */
public final class LogModule {

    /** Every module name qdrouterd accepts in a {@code log} section. */
    public static final Set<String> NAMES = Set.of("DEFAULT", "ROUTER", "ROUTER_CORE", "ROUTER_HELLO", "ROUTER_LS",
            "ROUTER_MA", "MESSAGE", "SERVER", "AGENT", "AUTHSERVICE", "CONTAINER", "ERROR", "POLICY", "HTTP",
            "CONN_MGR", "PROTOCOL", "FLOW_LOG");

    private LogModule() {
    }

    /** The canonical (upper-case) module name, or an IllegalArgumentException naming the allowed ones. */
    public static String parse(String module) {
        String name = module.toUpperCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown log module '" + module + "' (one of "
                    + String.join(", ", NAMES.stream().sorted().toList()) + ")");
        }
        return name;
    }
}
