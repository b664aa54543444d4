package org.jrouterd.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Reads and changes a log module's level while the router runs (the {@code log} entity's {@code enable}), when
 * SLF4J is bound to logback, as in the daemon. Stateless; logback's levels may be changed from any thread.
 */
public final class LiveLevels {

    private LiveLevels() {
    }

    /** Whether SLF4J is bound to logback here (an embedding application may use another logging library). */
    public static boolean available() {
        try {
            return LoggerFactory.getILoggerFactory().getClass().getName()
                    .equals("ch.qos.logback.classic.LoggerContext");
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Sets a module's level from qdrouterd's {@code enable} text ({@code debug+}, {@code info,warning}).
     *
     * @param module a qdrouterd module name, {@code DEFAULT} for the root
     * @throws IllegalArgumentException if {@code enable} is not qdrouterd's syntax
     */
    public static void set(String module, String enable) {
        Level level = LogEnable.parse(enable);
        logger(module).setLevel(level);
    }

    /** The level a module logs at now, as qdrouterd's {@code enable} text ({@code info+}). */
    public static String enabled(String module) {
        Level level = logger(module).getEffectiveLevel();
        return level.levelStr.toLowerCase(java.util.Locale.ROOT).replace("warn", "warning") + "+";
    }

    private static Logger logger(String module) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return context.getLogger(module.equals("DEFAULT") ? Logger.ROOT_LOGGER_NAME : module);
    }
}
