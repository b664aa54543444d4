package org.jrouterd.mgmt.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The extra value checks the schema uses. Stateless. */
final class ValueRules {

    private static final Set<String> LOG_LEVELS =
            Set.of("trace", "debug", "info", "notice", "warning", "error", "critical");
    private static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> RESERVED_OPEN_PROPERTIES = List.of("product", "version",
            "failover-server-list", "network-host", "port", "scheme", "hostname");

    private ValueRules() {
    }

    /** A log {@code enable} string: {@code none}, or a comma-separated list of levels, each optionally with '+'. */
    static final ValueRule LOG_ENABLE = value -> {
        String text = ((String) value).trim();
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        for (String item : text.split(",", -1)) {
            String level = item.trim().toLowerCase(Locale.ROOT);
            if (level.endsWith("+")) {
                level = level.substring(0, level.length() - 1);
            }
            if (!LOG_LEVELS.contains(level)) {
                return "'" + value + "' is not a log level list: use 'none' or levels from trace, debug, info, "
                        + "notice, warning, error, critical, each optionally followed by '+' (e.g. 'info+')";
            }
        }
        return null;
    };

    /** TLS protocol names separated by spaces. */
    static final ValueRule TLS_PROTOCOL_LIST = value -> {
        for (String name : ((String) value).trim().split("\\s+")) {
            if (!TLS_PROTOCOLS.contains(name)) {
                return "'" + name + "' is not a TLS protocol: use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, separated "
                        + "by spaces";
            }
        }
        return null;
    };

    /** An sslProfile {@code uidFormat}: letters from c, s, l, o, u, n and digits 1, 2, 5. */
    static final ValueRule UID_FORMAT = value -> {
        for (char c : ((String) value).toCharArray()) {
            if ("cslonu125".indexOf(c) < 0) {
                return "'" + value + "' is not a uid format: use the letters c, s, l, o, u, n and the digits 1, 2, 5";
            }
        }
        return null;
    };

    /** No whitespace or control characters (router id). */
    static final ValueRule NO_WHITESPACE = value -> {
        for (char c : ((String) value).toCharArray()) {
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "'" + value + "' must not contain whitespace or control characters";
            }
        }
        return null;
    };

    /** {@code openProperties}: string keys that are not reserved and do not start with qd. or x-opt-qd. */
    static final ValueRule OPEN_PROPERTIES = value -> {
        for (String key : ((Map<?, ?>) value).keySet().stream().map(String::valueOf).toList()) {
            if (key.startsWith("qd.") || key.startsWith("x-opt-qd.")) {
                return "key '" + key + "' is reserved: keys must not start with 'qd.' or 'x-opt-qd.'";
            }
            if (RESERVED_OPEN_PROPERTIES.contains(key)) {
                return "key '" + key + "' is reserved: the router sets " + String.join(", ", RESERVED_OPEN_PROPERTIES);
            }
            for (char c : key.toCharArray()) {
                if (c > 0x7e || c < 0x20) {
                    return "key '" + key + "' must contain only printable ASCII characters";
                }
            }
        }
        return null;
    };

    /**
     * A rule that checks vhost {@code groups}: each value a map whose keys are attributes of {@code settings}.
     *
     * @param settings the {@code vhostUserGroupSettings} type
     * @return the rule
     */
    static ValueRule vhostGroups(EntityType type) {
        return value -> {
            for (Map.Entry<?, ?> group : ((Map<?, ?>) value).entrySet()) {
                if (!(group.getValue() instanceof Map<?, ?> groupSettings)) {
                    return "group '" + group.getKey() + "' must be a JSON object of settings";
                }
                for (Object key : groupSettings.keySet()) {
                    if (type.attribute(String.valueOf(key)) == null) {
                        return "group '" + group.getKey() + "' has an unknown setting '" + key + "'";
                    }
                }
            }
            return null;
        };
    }
}
