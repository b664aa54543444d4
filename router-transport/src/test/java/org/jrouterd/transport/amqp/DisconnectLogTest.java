package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each way a connection ends is logged as what it is, in one line: a clean close at debug, everything else at
 * info. None is logged as proton's "amqp:connection:framing-error connection aborted".
 */
@Timeout(30)
class DisconnectLogTest {

    private LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.of(Level.DEBUG, "SERVER", "ROUTER");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void logsAPeersCloseAsClosedByPeerAtDebug() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.saslSendReceiveAndClose());
        }
        assertThat(endLine()).satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getFormattedMessage()).endsWith("ended: closed by peer");
        });
    }

    @Test
    void logsAnIdleTimeOutWithItsLength() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.openAndBegin("silent-client"));
            engine.advance(17, TimeUnit.SECONDS);
            assertThat(engine.isOpen()).isFalse();
        }
        assertEndedAtInfo("ended: idle time-out: no frames for 16000 ms");
    }

    @Test
    void logsAProtocolErrorWithTheErrorSent() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.secondAttachOnTheSameHandle());
        }
        assertEndedAtInfo("ended: protocol error: amqp:session:handle-in-use attach on handle 1, which is in use "
                + "for an attached link");
    }

    @Test
    void logsASocketThatEndsWithoutACloseAsLost() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.openAndBegin("vanishing-client"));
            engine.peerClosed();
        }
        assertEndedAtInfo("ended: connection lost without Close");
    }

    @Test
    void logsAResetAsLostWithTheSocketsError() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feedAll(PeerSessions.openAndBegin("reset-client"));
            engine.peerReset();
        }
        assertEndedAtInfo("ended: connection lost without Close: Connection reset by peer");
    }

    @Test
    void logsAPeerThatNeverOpensAsAHandshakeTimeOut() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            engine.feed(AmqpWire.SASL_HEADER);
            engine.advance(17, TimeUnit.SECONDS);
            assertThat(engine.isOpen()).isFalse();
        }
        assertThat(endLine().getFormattedMessage()).matches(".*ended: (handshake time-out: no AMQP Open within 16 s"
                + "|idle time-out: no frames for 16000 ms)");
    }

    private void assertEndedAtInfo(String ending) {
        ILoggingEvent line = endLine();
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage()).endsWith(ending);
    }

    /** The one line that says how the connection ended; no line calls it an aborted connection. */
    private ILoggingEvent endLine() {
        List<ILoggingEvent> events = log.events();
        assertThat(events).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("connection aborted"));
        List<ILoggingEvent> ends = events.stream().filter(e -> e.getFormattedMessage().contains(" ended: ")).toList();
        assertThat(ends).as("lines saying how the connection ended, in %s", events).hasSize(1);
        return ends.get(0);
    }
}
