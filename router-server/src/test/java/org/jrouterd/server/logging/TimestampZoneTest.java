package org.jrouterd.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The router's {@code timestampsInUTC}: log timestamps in UTC ({@code +0000}) instead of the local zone. */
class TimestampZoneTest {

    private static final long NOON_UTC = 1_700_000_000_000L - 1_700_000_000_000L % 86_400_000L + 43_200_000L;

    @Test
    void timestampsAreInUtcWhenAskedAndInTheLocalZoneOtherwise() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            LogSettings section = new LogSettings("DEFAULT", "info+", true, false, "stderr");
            assertThat(line(LogConfigurator.pattern(section, true))).startsWith("2023-11-14 12:00:00.000000 +0000 ");
            assertThat(line(LogConfigurator.pattern(section, false))).startsWith("2023-11-14 17:30:00.000000 +0530 ");
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    private static String line(String pattern) {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("SERVER"), Level.INFO, "hello", null, null);
        event.setTimeStamp(NOON_UTC);
        return layout.doLayout(event);
    }
}
