package org.jrouterd.transport.sasl;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import org.jrouterd.transport.sasl.external.CertificateIdentity;
import org.jrouterd.transport.sasl.external.UidNameMapping;

/**
 * SASL EXTERNAL (RFC 4422 appendix A) over TLS: the identity is the client certificate's, derived with the
 * sslProfile's {@code uidFormat} and mapped through its {@code uidNameMappingFile}. A client without a certificate
 * fails; an authorisation id that differs from the derived identity fails. One exchange on one connection; owned by
 * that connection's I/O thread.
 */
public final class ExternalMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "EXTERNAL";

    private final Supplier<X509Certificate[]> peerCertificates;
    private final CertificateIdentity identity;
    private final UidNameMapping mapping;

    /**
     * @param peerCertificates the verified peer chain of the connection's TLS session (e.g. from the SslHandler's
     *                         engine), or null / empty when the client sent none
     */
    public ExternalMechanism(Supplier<X509Certificate[]> peerCertificates, CertificateIdentity identity,
                             UidNameMapping mapping) {
        this.peerCertificates = peerCertificates;
        this.identity = identity;
        this.mapping = mapping;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        X509Certificate[] chain = peerCertificates.get();
        if (chain == null || chain.length == 0) {
            return SaslStep.failure(null, "EXTERNAL without a client certificate");
        }
        String user = mapping.nameOf(identity.userId(chain));
        String authzid = new String(response, java.nio.charset.StandardCharsets.UTF_8);
        if (!authzid.isEmpty() && !authzid.equals(user)) {
            return SaslStep.failure(user, "authorization identity " + authzid + " differs from the certificate's");
        }
        return SaslStep.success(user);
    }
}
