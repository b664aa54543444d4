package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.apache.qpid.protonj2.test.driver.codec.primitives.Symbol;
import org.apache.qpid.protonj2.test.driver.codec.transport.Open;
import org.jrouterd.server.Router;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router's Open states the listener's limits: {@code max-frame-size} is the listener's {@code maxFrameSize}
 * and {@code channel-max} is {@code maxSessions - 1} (channels are numbered from 0). With qdrouterd's defaults it
 * reads like qdrouterd's own Open.
 */
@Timeout(30)
class OpenNegotiationTest {

    private Router router;

    @AfterEach
    void stopRouter() {
        if (router != null) {
            router.close();
        }
    }

    @Test
    void advertisesTheListenerMaxFrameSizeAndChannelMaxInItsOpen() {
        router = Router.builder().id("Router.Limits")
                .listener(ListenerSpec.defaults(PeerScripts.HOST, 0).withMaxFrameSize(4096).withMaxSessions(10))
                .start();
        try (ProtonTestClient peer = new ProtonTestClient()) {
            peer.remoteAMQPHeader().queue();
            peer.expectAMQPHeader();
            peer.remoteOpen().withContainerId("limits-peer").queue();
            peer.expectOpen().withMaxFrameSize(4096).withChannelMax(9);
            PeerScripts.connect(peer, router.port());
            PeerScripts.await(peer);
        }
    }

    @Test
    void advertisesQdrouterdDefaultsAfterAnonymousSasl() {
        router = Router.builder().id("Router.Defaults").listener(PeerScripts.HOST, 0).start();
        try (ProtonTestClient peer = PeerScripts.connectWithSaslAndBegin(router.port())) {
            Open open = peer.getDriver().getRemoteOpen();
            assertThat(open.getContainerId()).isEqualTo("Router.Defaults");
            assertThat(open.getMaxFrameSize().longValue()).isEqualTo(16384);
            assertThat(open.getChannelMax().intValue()).isEqualTo(32767);
            assertThat(open.getIdleTimeOut().longValue()).isEqualTo(8000);
            assertThat(open.getOfferedCapabilities()).contains(Symbol.valueOf("ANONYMOUS-RELAY"));
        }
    }
}
