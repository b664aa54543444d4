package org.jrouterd.transport.sasl;

import java.util.List;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the server side of SASL for one connection over proton-j's {@link Sasl} frames: offers the listener's
 * mechanisms, evaluates the client's responses with the chosen {@link SaslMechanism} and reports the outcome.
 *
 * <p>Threads: owned by the connection's I/O thread (proton calls it from {@code Transport.process()}).
 */
public final class SaslServerExchange implements SaslListener {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    private final SaslMechanisms registry;
    private final List<String> offered;
    private SaslMechanism mechanism;
    private String user;

    private SaslServerExchange(SaslMechanisms registry, List<String> offered) {
        this.registry = registry;
        this.offered = offered.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /**
     * Installs the server SASL layer on a transport.
     *
     * @param transport     the connection's transport, before any input
     * @param registry      what can be offered
     * @param offered       the mechanisms to offer, in order
     * @param allowSkip     whether a client may skip SASL and speak AMQP straight away
     */
    public static SaslServerExchange install(Transport transport, SaslMechanisms registry, List<String> offered,
                                             boolean allowSkip) {
        SaslServerExchange exchange = new SaslServerExchange(registry, offered);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(allowSkip);
        sasl.setMechanisms(exchange.offered.toArray(new String[0]));
        sasl.setListener(exchange);
        return exchange;
    }

    /** The authenticated identity, or null before (or without) a successful SASL exchange. */
    public String user() {
        return user;
    }

    /** The mechanism the client chose, or null. */
    public String mechanismName() {
        return mechanism == null ? null : mechanism.name();
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] chosen = sasl.getRemoteMechanisms();
        String name = chosen.length == 0 ? null : chosen[0];
        mechanism = offered.contains(name) ? registry.create(name) : null;
        if (mechanism == null) {
            LOG.info("SASL: client chose mechanism {} that is not offered; authentication fails", name);
            sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
            return;
        }
        step(sasl);
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        step(sasl);
    }

    private void step(Sasl sasl) {
        byte[] response = new byte[Math.max(0, sasl.pending())];
        if (response.length > 0) {
            sasl.recv(response, 0, response.length);
        }
        SaslStep result = mechanism.evaluate(response);
        switch (result.status()) {
            case SUCCESS -> {
                user = result.user();
                sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            }
            case CHALLENGE -> sasl.send(result.challenge(), 0, result.challenge().length);
            case FAILURE -> {
                LOG.info("SASL {} authentication failed", mechanism.name());
                sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
            }
        }
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // client side only
    }
}
