package org.jrouterd.transport.amqp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Records what some loggers log while a test runs, at a level the test chooses, and puts their levels back when
 * closed.
 *
 * <p>Threads: any thread may log into it (the record is a concurrent queue); the test thread opens, reads and
 * closes it.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final List<Logger> loggers;
    private final List<Level> previousLevels;

    private LogCapture(Level level, List<String> names) {
        loggers = names.stream().map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        previousLevels = loggers.stream().map(Logger::getLevel).collect(Collectors.toList());
        setContext(loggers.get(0).getLoggerContext());
        start();
        for (Logger logger : loggers) {
            logger.setLevel(level);
            logger.addAppender(this);
        }
    }

    /** Captures {@code names} from {@code level} up (and lets through no less to the other appenders). */
    static LogCapture of(Level level, String... names) {
        return new LogCapture(level, List.of(names));
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** Every event so far. */
    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages of the events at {@code level} or above. */
    List<String> messages(Level level) {
        return events.stream().filter(event -> event.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    void clear() {
        events.clear();
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(this);
            loggers.get(i).setLevel(previousLevels.get(i));
        }
        stop();
    }
}
