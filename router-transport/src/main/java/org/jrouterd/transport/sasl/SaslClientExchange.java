package org.jrouterd.transport.sasl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the client side of SASL for a connection this router opens (a connector's): picks the strongest of the
 * connector's mechanisms that the server offers (SCRAM-SHA-512, -256, -1, PLAIN, ANONYMOUS), answers its
 * challenges, and for SCRAM checks the server's signature in the outcome. A server that fails that check, or
 * offers nothing the connector may use, fails the exchange ({@link #failure()}): the connection stops reading and
 * closes.
 *
 * <p>Threads: owned by the connection's I/O thread (proton calls it from {@code Transport.process()}).
 */
public final class SaslClientExchange implements SaslListener {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    private final List<String> allowed;
    private final String user;
    private final String password;
    private final String label;
    private SaslClientMechanism mechanism;
    private String failure;
    private boolean succeeded;

    private SaslClientExchange(List<String> allowed, String user, String password, String label) {
        this.allowed = allowed.stream().map(n -> n.toUpperCase(Locale.ROOT)).toList();
        this.user = user;
        this.password = password;
        this.label = label;
    }

    /**
     * Installs the client SASL layer on a transport.
     *
     * @param allowed  the connector's {@code saslMechanisms}
     * @param user     {@code saslUsername}, or null (then only ANONYMOUS can be used)
     * @param password {@code saslPassword}, resolved, or null
     * @param label    the connection, for the log
     */
    public static SaslClientExchange install(Transport transport, List<String> allowed, String user,
                                             String password, String label) {
        SaslClientExchange exchange = new SaslClientExchange(allowed, user, password, label);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setListener(exchange);
        return exchange;
    }

    /** The mechanism a connector with {@code allowed} and a user name picks from what the server offers. */
    public static String choose(List<String> allowed, List<String> offeredByServer, boolean hasUser) {
        for (String name : SaslMechanisms.KNOWN) {
            boolean needsUser = !name.equals(AnonymousMechanism.NAME) && !name.equals("EXTERNAL");
            if (name.equals("EXTERNAL") || (needsUser && !hasUser)) {
                continue;
            }
            if (allowed.contains(name) && offeredByServer.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The mechanism used, or null before one is chosen. */
    public String mechanismName() {
        return mechanism == null ? null : mechanism.name();
    }

    /** The user name authenticated as, once the exchange succeeded; {@code anonymous} for ANONYMOUS. */
    public String user() {
        if (!succeeded) {
            return null;
        }
        return AnonymousMechanism.NAME.equals(mechanismName()) ? "anonymous" : user;
    }

    /** Why the exchange failed on this side, or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        List<String> offered = Arrays.stream(sasl.getRemoteMechanisms()).map(n -> n.toUpperCase(Locale.ROOT))
                .toList();
        String name = choose(allowed, offered, user != null);
        if (name == null) {
            fail(transport, "the server offers " + offered + ", none of this connector's " + allowed
                    + (user == null ? " usable without saslUsername" : ""));
            return;
        }
        ScramAlgorithm scram = ScramAlgorithm.ofMechanism(name);
        String secret = password == null ? "" : password;
        mechanism = scram != null ? new ScramClientMechanism(scram, user, secret)
                : name.equals(PlainMechanism.NAME) ? SaslClientMechanism.plain(user, secret)
                : SaslClientMechanism.anonymous();
        sasl.setMechanisms(name);
        byte[] initial = mechanism.initialResponse();
        sasl.send(initial, 0, initial.length);
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        try {
            byte[] response = mechanism.respond(pending(sasl));
            sasl.send(response, 0, response.length);
        } catch (RuntimeException e) {
            fail(transport, "bad challenge from the server: " + e.getMessage());
        }
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        if (sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_OK) {
            failure = "the server answered outcome " + sasl.getOutcome() + " to " + mechanismName()
                    + (user == null ? "" : " as " + user);
            LOG.info("{} SASL authentication failed: {}", label, failure);
            return;
        }
        if (mechanism == null || !mechanism.verifiesServer(pending(sasl))) {
            fail(transport, "the server did not prove it knows the user's credentials (no valid SCRAM signature)");
            return;
        }
        succeeded = true;
    }

    private void fail(Transport transport, String reason) {
        failure = reason;
        LOG.info("{} SASL authentication failed on this side: {}", label, reason);
    }

    private static byte[] pending(Sasl sasl) {
        byte[] bytes = new byte[Math.max(0, sasl.pending())];
        if (bytes.length > 0) {
            sasl.recv(bytes, 0, bytes.length);
        }
        return bytes;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        // server side only
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        // server side only
    }
}
