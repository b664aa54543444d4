package org.jrouterd.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.jms.Connection;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** qdrouterd's PROTOCOL module at trace: every frame of every connection, readable, both ways. */
@Timeout(30)
class ProtocolTraceTest {

    @Test
    void protocolTraceLogsEachFrameInReadableForm() throws Exception {
        Logger protocol = (Logger) LoggerFactory.getLogger("PROTOCOL");
        Level before = protocol.getLevel();
        ListAppender<ILoggingEvent> frames = new ListAppender<>();
        frames.start();
        protocol.addAppender(frames);
        protocol.setLevel(Level.TRACE);
        try (Router router = Router.builder().id("Traced").listener("127.0.0.1", 0).start()) {
            try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port())
                    .createConnection()) {
                connection.start();
            }
        } finally {
            protocol.setLevel(before);
            protocol.detachAppender(frames);
        }
        List<String> lines = frames.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.contains("<- [0] Open{") && line.contains("containerId="));
        assertThat(lines).anyMatch(line -> line.contains("-> [0] Open{") && line.contains("containerId='Traced'"));
        assertThat(lines).anyMatch(line -> line.contains("<- [0] Close{"));
    }
}
