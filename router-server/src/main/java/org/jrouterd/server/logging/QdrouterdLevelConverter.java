package org.jrouterd.server.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Writes a level the way qdrouterd does: {@code trace, debug, info, warning, error}. Stateless. */
public final class QdrouterdLevelConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return switch (event.getLevel().toInt()) {
            case ch.qos.logback.classic.Level.TRACE_INT -> "trace";
            case ch.qos.logback.classic.Level.DEBUG_INT -> "debug";
            case ch.qos.logback.classic.Level.INFO_INT -> "info";
            case ch.qos.logback.classic.Level.WARN_INT -> "warning";
            default -> "error";
        };
    }
}
