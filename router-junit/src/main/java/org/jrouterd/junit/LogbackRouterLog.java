package org.jrouterd.junit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The router log captured from logback: an appender on the root logger keeps, in a ring of at most
 * {@code maxLines} formatted lines, what the watched routers' threads log ({@code jrouterd-core-<id>},
 * {@code jrouterd-io-<id>-<n>-<m>}, {@code jrouterd-accept-<id>-<n>-<m>}, {@code jrouterd-stop-<id>}) and what
 * watched threads log while they start or stop a router. Events below the levels the user's logback
 * configuration sets never reach it. Lines are formatted when they arrive, so no event (and none of its
 * arguments) is kept.
 *
 * <p>Threads: {@link #append} runs on any logging thread; the ring is guarded by its own lock. Watching, marking
 * and reading happen on the extension's thread.
 */
final class LogbackRouterLog extends UnsynchronizedAppenderBase<ILoggingEvent> implements RouterLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private static final int MAX_LINE_CHARS = 2_000;
    private static final int MAX_FRAMES = 5;

    private final Supplier<String> owner;
    private final int maxLines;
    private final Set<String> routerIds = ConcurrentHashMap.newKeySet();
    private final Set<String> threadNames = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<String> ring = new ArrayDeque<>();
    private long seen;
    private Logger root;

    private LogbackRouterLog(Supplier<String> owner, int maxLines) {
        this.owner = owner;
        this.maxLines = maxLines;
    }

    /** Attaches a new capture to logback's root logger. */
    static RouterLog attach(Supplier<String> owner, int maxLines) {
        LogbackRouterLog log = new LogbackRouterLog(owner, maxLines);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log.setContext(context);
        log.setName("jrouterd-junit-" + System.identityHashCode(log));
        log.start();
        log.root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        log.root.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String thread = event.getThreadName();
        String routerId = routerIdOf(thread);
        if (threadNames.contains(thread) || routerId != null && routerIds.contains(routerId)) {
            keep(format(event));
        }
    }

    /** The id of the router whose thread this is, or null if it is no router's thread. */
    static String routerIdOf(String thread) {
        if (thread.startsWith("jrouterd-core-")) {
            return thread.substring("jrouterd-core-".length());
        }
        if (thread.startsWith("jrouterd-stop-")) {
            return thread.substring("jrouterd-stop-".length());
        }
        String pool = thread.startsWith("jrouterd-io-") ? thread.substring("jrouterd-io-".length())
                : thread.startsWith("jrouterd-accept-") ? thread.substring("jrouterd-accept-".length()) : null;
        if (pool == null) {
            return null;
        }
        // Netty names pool threads <prefix>-<pool number>-<thread number>.
        int last = pool.lastIndexOf('-');
        int first = last < 0 ? -1 : pool.lastIndexOf('-', last - 1);
        if (first < 1 || !digits(pool, first + 1, last) || !digits(pool, last + 1, pool.length())) {
            return null;
        }
        return pool.substring(0, first);
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String format(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ')
                .append(event.getLevel()).append(" [").append(event.getThreadName()).append("] ")
                .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null && line.length() < MAX_LINE_CHARS;
             t = t.getCause()) {
            line.append("\n    ").append(t == event.getThrowableProxy() ? "" : "caused by ")
                    .append(t.getClassName()).append(": ").append(t.getMessage());
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            for (int i = 0; frames != null && i < Math.min(MAX_FRAMES, frames.length); i++) {
                line.append("\n        at ").append(frames[i].getStackTraceElement());
            }
        }
        return line.length() <= MAX_LINE_CHARS ? line.toString() : line.substring(0, MAX_LINE_CHARS) + " [...]";
    }

    private synchronized void keep(String line) {
        seen++;
        if (ring.size() == maxLines) {
            ring.removeFirst();
        }
        ring.addLast(line);
    }

    @Override
    public void watchRouter(String routerId) {
        routerIds.add(routerId);
    }

    @Override
    public void watchThread(Thread thread) {
        threadNames.add(thread.getName());
    }

    @Override
    public void unwatchThread(Thread thread) {
        threadNames.remove(thread.getName());
    }

    @Override
    public void mark(String text) {
        keep(TIME.format(Instant.now()) + " ---- " + text);
    }

    @Override
    public synchronized RecentRouterLog recent() {
        String header = ring.isEmpty() ? owner.get() + " logged nothing at the levels logback lets through"
                : "last " + ring.size() + " of " + seen + " lines of " + owner.get()
                        + " (time, level, [thread], logger - message):";
        return new RecentRouterLog(this, header + (ring.isEmpty() ? "" : "\n" + String.join("\n", ring)));
    }

    @Override
    public void close() {
        if (root != null) {
            root.detachAppender(this);
        }
        stop();
    }
}
