package org.jrouterd.server.logging;

import ch.qos.logback.classic.Level;
import java.util.Locale;

/**
 * Parses qdrouterd's {@code enable} value into the logback threshold that shows those levels: {@code none};
 * {@code LEVEL+} (that level and above); or a comma-separated list of levels, which shows from the lowest listed
 * level up (logback thresholds cannot leave gaps). Levels: trace, debug, info, notice, warning, error, critical.
 */
public final class LogEnable {

    private LogEnable() {
    }

    /** The threshold for an {@code enable} value; IllegalArgumentException with the allowed forms otherwise. */
    public static Level parse(String enable) {
        String value = enable.trim().toLowerCase(Locale.ROOT);
        if (value.equals("none") || value.isEmpty()) {
            return Level.OFF;
        }
        Level lowest = null;
        for (String part : value.split(",")) {
            String level = part.trim();
            if (level.endsWith("+")) {
                level = level.substring(0, level.length() - 1);
            }
            Level parsed = level(level, enable);
            if (lowest == null || parsed.toInt() < lowest.toInt()) {
                lowest = parsed;
            }
        }
        return lowest;
    }

    private static Level level(String name, String whole) {
        return switch (name) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info", "notice" -> Level.INFO;
            case "warning" -> Level.WARN;
            case "error", "critical" -> Level.ERROR;
            default -> throw new IllegalArgumentException("bad log enable '" + whole
                    + "': use none, LEVEL+ or a list of trace, debug, info, notice, warning, error, critical");
        };
    }
}
