package org.jrouterd.transport.sasl;

import java.util.List;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the server side of SASL for one connection over proton-j's {@link Sasl} frames: offers the mechanisms
 * the connection's {@link SaslServerPolicy} allows, evaluates the client's responses with the chosen
 * {@link SaslMechanism} and reports the outcome. A failed exchange ends with outcome {@code auth} (code 1), after
 * which proton closes the connection; the reason is logged here (never told to the client).
 *
 * <p>Threads: owned by the connection's I/O thread (proton calls it from {@code Transport.process()}).
 */
public final class SaslServerExchange implements SaslListener {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    /**
     * Proton's SASL layer until the offer is settled ({@link #reoffer}); let go of then, so that the layer proton
     * drops once the exchange is over is not kept alive by this exchange (it costs kilobytes per idle connection).
     */
    private Sasl sasl;
    private final String label;
    private SaslMechanisms registry;
    private List<String> offered;
    private SaslMechanism mechanism;
    private String user;
    private boolean failed;

    private SaslServerExchange(Sasl sasl, SaslMechanisms registry, List<String> offered, String label) {
        this.sasl = sasl;
        this.registry = registry;
        this.offered = offered;
        this.label = label;
    }

    /**
     * Installs the server SASL layer on a transport.
     *
     * @param transport the connection's transport, before any input
     * @param registry  what can be offered
     * @param policy    what this connection may use
     * @param label     the connection, for the log, e.g. {@code [C4]}
     */
    public static SaslServerExchange install(Transport transport, SaslMechanisms registry, SaslServerPolicy policy,
                                             String label) {
        Sasl sasl = transport.sasl();
        sasl.server();
        SaslServerExchange exchange = new SaslServerExchange(sasl, registry, List.of(), label);
        exchange.offer(registry, policy, false);
        sasl.setListener(exchange);
        return exchange;
    }

    /**
     * Decides the offer again, before the connection's first bytes are processed: on a listener that takes TLS
     * and plain connections on one port, whether this one is TLS (and whether its client presented a certificate,
     * for EXTERNAL) is known only then.
     *
     * @param withTls what can be offered now (EXTERNAL added when there is a client certificate)
     * @param policy  what this connection may use, knowing its TLS
     */
    public void reoffer(SaslMechanisms withTls, SaslServerPolicy policy) {
        if (sasl != null) {
            offer(withTls, policy, true);
            sasl = null;
        }
    }

    private void offer(SaslMechanisms mechanisms, SaslServerPolicy policy, boolean settled) {
        registry = mechanisms;
        offered = policy.offered(mechanisms);
        if (offered.isEmpty() && settled) {
            LOG.warn("{} No SASL mechanism can be offered on this connection (listener {}, {}): it cannot "
                    + "authenticate", label, policy.listenerMechanisms(), policy.encrypted() ? "TLS" : "no TLS");
        }
        sasl.allowSkip(policy.allowsSkip());
        sasl.setMechanisms(offered.toArray(new String[0]));
    }

    /** Installs with ANONYMOUS-friendly defaults: {@code offered} as given, skipping allowed when asked. */
    public static SaslServerExchange install(Transport transport, SaslMechanisms registry, List<String> offered,
                                             boolean allowSkip) {
        return install(transport, registry, new SaslServerPolicy(offered, !allowSkip, false, true), "");
    }

    /** The mechanisms offered to this connection. */
    public List<String> offered() {
        return offered;
    }

    /** The authenticated identity, or null before (or without) a successful SASL exchange. */
    public String user() {
        return user;
    }

    /** The mechanism the client chose, or null. */
    public String mechanismName() {
        return mechanism == null ? null : mechanism.name();
    }

    /** Whether the exchange ended in failure (outcome {@code auth}). */
    public boolean failed() {
        return failed;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] chosen = sasl.getRemoteMechanisms();
        String name = chosen.length == 0 ? null : chosen[0];
        mechanism = offered.contains(name) ? registry.create(name) : null;
        if (mechanism == null) {
            fail(sasl, name, null, "mechanism " + name + " is not offered here (offered: " + offered + ")");
            return;
        }
        step(sasl);
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        if (mechanism == null || failed || user != null) {
            return;
        }
        step(sasl);
    }

    private void step(Sasl sasl) {
        byte[] response = new byte[Math.max(0, sasl.pending())];
        if (response.length > 0) {
            sasl.recv(response, 0, response.length);
        }
        SaslStep result;
        try {
            result = mechanism.evaluate(response);
        } catch (RuntimeException e) {
            result = SaslStep.failure(null, "bad response: " + e.getMessage());
        }
        switch (result.status()) {
            case SUCCESS -> {
                user = result.user();
                if (result.data() != null) {
                    sasl.send(result.data(), 0, result.data().length);
                }
                sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            }
            case CHALLENGE -> sasl.send(result.data(), 0, result.data().length);
            case FAILURE -> fail(sasl, mechanism.name(), result.user(), result.reason());
        }
    }

    private void fail(Sasl sasl, String mechanismName, String claimedUser, String reason) {
        failed = true;
        LOG.info("{} SASL authentication failed: mechanism={} user={}: {}", label, mechanismName,
                claimedUser == null ? "" : claimedUser, reason);
        sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
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
