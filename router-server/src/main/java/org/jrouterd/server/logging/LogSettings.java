package org.jrouterd.server.logging;

import java.util.Objects;

/**
 * One {@code log} section: which module, what it shows, and where it goes. Immutable.
 *
 * @param module           a {@link LogModule} name; DEFAULT applies to every module without its own section
 * @param enable           qdrouterd's enable value ({@code info+}, {@code trace+}, {@code none}, a list)
 * @param includeTimestamp whether lines start with a timestamp [true]
 * @param includeSource    whether lines end with the source location [false]
 * @param outputFile       {@code stderr}, {@code syslog} or a file path; null means the DEFAULT module's output
 */
public record LogSettings(String module, String enable, boolean includeTimestamp, boolean includeSource,
                          String outputFile) {

    public LogSettings {
        module = LogModule.parse(Objects.requireNonNull(module, "module"));
        Objects.requireNonNull(enable, "enable");
        LogEnable.parse(enable);
    }

    /** qdrouterd's default: every module at info and above, to stderr. */
    public static LogSettings defaults() {
        return new LogSettings("DEFAULT", "info+", true, false, "stderr");
    }
}
