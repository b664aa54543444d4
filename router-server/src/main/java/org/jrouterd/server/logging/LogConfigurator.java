package org.jrouterd.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log} sections to logback: per-module thresholds and outputs, qdrouterd's line shape. Replaces
 * whatever configuration logback loaded. Runs once on the daemon's main thread before the router starts.
 */
public final class LogConfigurator {

    static {
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put("qdlevel", QdrouterdLevelConverter::new);
    }

    private final LoggerContext context;
    private final boolean utc;
    private final Map<String, Appender<ILoggingEvent>> outputs = new HashMap<>();

    private LogConfigurator(LoggerContext context, boolean utc) {
        this.context = context;
        this.utc = utc;
    }

    /**
     * Configures logging from the given sections (the DEFAULT one first if present; defaults fill the gaps), with
     * local-time timestamps.
     *
     * @throws IllegalStateException if SLF4J is not bound to logback (an embedding application's own backend), or
     *                               an output cannot be opened
     */
    public static void apply(List<LogSettings> sections) {
        apply(sections, false);
    }

    /**
     * Configures logging from the given sections (the DEFAULT one first if present; defaults fill the gaps).
     *
     * @param utc timestamps in UTC rather than local time (the router's {@code timestampsInUTC})
     * @throws IllegalStateException if SLF4J is not bound to logback (an embedding application's own backend), or
     *                               an output cannot be opened (the message names it)
     */
    public static void apply(List<LogSettings> sections, boolean utc) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("logging is not logback; configure your own backend instead");
        }
        context.reset();
        LogConfigurator configurator = new LogConfigurator(context, utc);
        LogSettings root = sections.stream().filter(s -> s.module().equals("DEFAULT")).findFirst()
                .orElse(LogSettings.defaults());
        configurator.configure(context.getLogger(Logger.ROOT_LOGGER_NAME), root, root);
        for (LogSettings section : sections) {
            if (!section.module().equals("DEFAULT")) {
                configurator.configure(context.getLogger(section.module()), section, root);
            }
        }
        // Netty's own loggers speak only when something is wrong.
        context.getLogger("io.netty").setLevel(Level.WARN);
    }

    private void configure(Logger logger, LogSettings section, LogSettings root) {
        logger.setLevel(LogEnable.parse(section.enable()));
        String output = section.outputFile() == null ? root.outputFile() : section.outputFile();
        if (logger.getName().equals(Logger.ROOT_LOGGER_NAME) || section.outputFile() != null) {
            logger.setAdditive(logger.getName().equals(Logger.ROOT_LOGGER_NAME));
            logger.addAppender(output(output == null ? "stderr" : output, section));
        }
    }

    private Appender<ILoggingEvent> output(String target, LogSettings section) {
        String key = target + "|" + section.includeTimestamp() + "|" + section.includeSource();
        Appender<ILoggingEvent> existing = outputs.get(key);
        if (existing != null) {
            return existing;
        }
        Appender<ILoggingEvent> appender;
        if (target.equals("syslog")) {
            SyslogAppender syslog = new SyslogAppender();
            syslog.setSyslogHost("localhost");
            syslog.setFacility("DAEMON");
            syslog.setSuffixPattern("qdrouterd: %logger \\(%qdlevel\\) %msg");
            appender = syslog;
        } else {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(pattern(section, utc));
            encoder.start();
            if (target.equals("stderr") || target.equals("stdout")) {
                ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
                console.setTarget(target.equals("stderr") ? "System.err" : "System.out");
                console.setEncoder(encoder);
                appender = console;
            } else {
                FileAppender<ILoggingEvent> file = new FileAppender<>();
                file.setFile(target);
                file.setAppend(true);
                file.setEncoder(encoder);
                appender = file;
            }
        }
        appender.setContext(context);
        appender.setName(key);
        appender.start();
        if (!appender.isStarted()) {
            // logback only records the failure in its status list: the router would run and log nothing.
            throw new IllegalStateException("cannot open the log output '" + target + "'");
        }
        outputs.put(key, appender);
        return appender;
    }

    /** qdrouterd's line in local time: {@code 2026-11-21 21:58:07.641000 +0100 SERVER (info) text [source]}. */
    static String pattern(LogSettings section) {
        return pattern(section, false);
    }

    /** qdrouterd's line, its timestamp in UTC ({@code +0000}) or local time. */
    static String pattern(LogSettings section, boolean utc) {
        return (section.includeTimestamp() ? "%d{yyyy-MM-dd HH:mm:ss.SSSSSS Z" + (utc ? ", UTC" : "") + "} " : "")
                + "%logger \\(%qdlevel\\) %msg"
                + (section.includeSource() ? " \\(%file:%line\\)" : "")
                + "%n%ex";
    }
}
