package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lines operators grep for, at info and under qdrouterd's module names and wording: a connection accepted
 * (SERVER) and opened with its container id, host, authentication and user, each link attached with its
 * direction and termini and detached with its delivery counts, and the connection closed (ROUTER_CORE).
 */
@Timeout(30)
class OperatorLogTest {

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.of(Level.INFO, "SERVER", "ROUTER_CORE");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void aClientsConnectionAndLinksAreLoggedAsQdrouterdLogsThem() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.saslSendReceiveAndClose());
        }
        List<String> lines = log.events().stream().filter(e -> e.getLevel() == Level.INFO)
                .map(e -> e.getLoggerName() + " " + e.getFormattedMessage()).toList();
        assertThat(lines).anyMatch(l -> l.matches("SERVER \\[C\\d+\\] Accepted connection to \\S+ from \\S+"));
        assertThat(lines).anyMatch(l -> l.matches("ROUTER_CORE \\[C\\d+\\] Connection Opened: dir=in host=\\S+ vhost= "
                + "encrypted=no auth=ANONYMOUS user=anonymous container_id=fuzz-client props="));
        assertThat(lines).anyMatch(l -> l.matches("ROUTER_CORE \\[C\\d+\\]\\[L\\d+\\] Link attached: dir=out "
                + "source=\\{\\S+ expire:sess\\} target=\\{.* expire:sess\\}"));
        assertThat(lines).anyMatch(l -> l.matches("ROUTER_CORE \\[C\\d+\\]\\[L\\d+\\] Link attached: dir=in "
                + "source=\\{.* expire:sess\\} target=\\{\\S+ expire:sess\\}"));
        // The sender's link: three messages in, two of them unsettled and accepted by the receiver, one pre-settled.
        assertThat(lines).anyMatch(l -> l.matches("ROUTER_CORE \\[C\\d+\\]\\[L\\d+\\] Link detached: del=3 presett=1 "
                + "psdrop=0 acc=2 rej=0 rel=0 mod=0 delay1=0 delay10=0 blocked=no"));
        assertThat(lines).anyMatch(l -> l.matches("ROUTER_CORE \\[C\\d+\\] Connection Closed"));
        assertThat(lines.indexOf(lines.stream().filter(l -> l.contains("Connection Closed")).findFirst().orElseThrow()))
                .as("closed last of the lines").isEqualTo(lines.size() - 1);
    }

    @Test
    void aConnectionLostWithLinksAttachedSaysItsLinksWereLost() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            List<byte[]> frames = PeerSessions.saslSendReceiveAndClose();
            engine.feedAll(frames.subList(0, frames.size() - 4));   // no Detach, End or Close: the socket just ends
        }
        List<String> messages = log.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).filteredOn(m -> m.contains("] Link lost: del=")).hasSize(2);
        assertThat(messages).anyMatch(m -> m.matches("\\[C\\d+\\] Connection Closed"));
    }
}
