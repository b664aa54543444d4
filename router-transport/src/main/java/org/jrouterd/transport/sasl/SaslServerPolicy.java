package org.jrouterd.transport.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one accepted connection may authenticate with: the listener's mechanisms, less ANONYMOUS when the
 * listener requires authentication ({@code authenticatePeer}), less PLAIN on a connection without TLS unless the
 * listener allows it ({@code saslPlainWithoutTls}), less what the router's SASL configuration does not enable.
 * Immutable.
 *
 * @param listenerMechanisms  the listener's {@code saslMechanisms}, in order
 * @param authenticatePeer    whether the peer must authenticate: no ANONYMOUS, no skipping SASL
 * @param encrypted           whether the connection runs over TLS
 * @param plainWithoutTls     whether PLAIN may be used without TLS (jrouterd's listener attribute)
 * @param peerCertificate     whether the peer presented a client certificate that TLS verified: it may then use
 *                            EXTERNAL, and it has authenticated already, so {@code authenticatePeer} does not take
 *                            ANONYMOUS (or skipping SASL) away from it
 */
public record SaslServerPolicy(List<String> listenerMechanisms, boolean authenticatePeer, boolean encrypted,
                               boolean plainWithoutTls, boolean peerCertificate) {

    public SaslServerPolicy {
        listenerMechanisms = listenerMechanisms.stream().map(n -> n.toUpperCase(Locale.ROOT)).toList();
    }

    /** A connection without a client certificate. */
    public SaslServerPolicy(List<String> listenerMechanisms, boolean authenticatePeer, boolean encrypted,
                            boolean plainWithoutTls) {
        this(listenerMechanisms, authenticatePeer, encrypted, plainWithoutTls, false);
    }

    /** The mechanisms to offer on this connection, in the listener's order. */
    public List<String> offered(SaslMechanisms registry) {
        List<String> offered = new ArrayList<>();
        for (String name : listenerMechanisms) {
            if (!registry.has(name) || offered.contains(name)) {
                continue;
            }
            if (authenticatePeer && !peerCertificate && name.equals(AnonymousMechanism.NAME)) {
                continue;
            }
            if (!peerCertificate && name.equals(ExternalMechanism.NAME)) {
                continue;
            }
            if (!encrypted && !plainWithoutTls && name.equals(PlainMechanism.NAME)) {
                continue;
            }
            offered.add(name);
        }
        return List.copyOf(offered);
    }

    /** Whether a client may skip SASL and speak AMQP at once (as ANONYMOUS would let it). */
    public boolean allowsSkip() {
        return !authenticatePeer || peerCertificate;
    }
}
