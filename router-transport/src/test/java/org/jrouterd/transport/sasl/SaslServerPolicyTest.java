package org.jrouterd.transport.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a connection is offered: the listener's list less ANONYMOUS, PLAIN or what the router does not enable. */
class SaslServerPolicyTest {

    private static final List<String> ALL = List.of("scram-sha-256", "PLAIN", "ANONYMOUS", "SCRAM-SHA-1");
    private static final SaslMechanisms REGISTRY = SaslMechanisms.builtIn();

    @Test
    void authenticatePeerDropsAnonymousAndForbidsSkipping() {
        SaslServerPolicy policy = new SaslServerPolicy(ALL, true, true, false);
        assertThat(policy.offered(REGISTRY)).containsExactly("SCRAM-SHA-256", "PLAIN", "SCRAM-SHA-1");
        assertThat(policy.allowsSkip()).isFalse();
        assertThat(new SaslServerPolicy(ALL, false, true, false).allowsSkip()).isTrue();
    }

    @Test
    void plainNeedsTlsUnlessTheListenerAllowsIt() {
        assertThat(new SaslServerPolicy(ALL, false, false, false).offered(REGISTRY))
                .containsExactly("SCRAM-SHA-256", "ANONYMOUS", "SCRAM-SHA-1");
        assertThat(new SaslServerPolicy(ALL, false, false, true).offered(REGISTRY)).contains("PLAIN");
        assertThat(new SaslServerPolicy(ALL, false, true, false).offered(REGISTRY)).contains("PLAIN");
    }

    @Test
    void theRoutersMechListCutsTheListenersList() {
        SaslMechanisms restricted = REGISTRY.restrictedTo(List.of("SCRAM-SHA-256", "ANONYMOUS"));
        assertThat(new SaslServerPolicy(ALL, false, true, true).offered(restricted))
                .containsExactly("SCRAM-SHA-256", "ANONYMOUS");
        assertThat(SaslMechanisms.unknown(List.of("GSSAPI", "scram-sha-512", "EXTERNAL"))).containsExactly("GSSAPI");
    }
}
