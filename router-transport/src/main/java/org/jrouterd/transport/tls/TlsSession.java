package org.jrouterd.transport.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection's outcome as management shows it ({@code sslProto}, {@code sslCipher}, {@code sslSsf}) and as
 * SASL EXTERNAL will read it (the peer's certificates), copied from the engine when the handshake completes.
 * Immutable.
 *
 * @param protocol         e.g. {@code TLSv1.3}
 * @param cipher           the cipher suite in OpenSSL's naming, as qdrouterd shows it (e.g.
 *                         {@code TLS_AES_256_GCM_SHA384}, {@code ECDHE-RSA-AES128-GCM-SHA256})
 * @param ssf              the security strength factor: the cipher's key bits
 * @param peerCertificates the peer's verified certificate chain, leaf first; empty when it sent none
 */
public record TlsSession(String protocol, String cipher, int ssf, List<X509Certificate> peerCertificates) {

    public TlsSession {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** The session of a handler whose handshake succeeded. */
    public static TlsSession of(SslHandler handler) {
        SSLSession session = handler.engine().getSession();
        List<X509Certificate> peer = new ArrayList<>();
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    peer.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate: fine
        }
        String suite = session.getCipherSuite();
        String openSsl = suite.startsWith("TLS_AES") || suite.startsWith("TLS_CHACHA") ? suite
                : CipherSuiteConverter.toOpenSsl(suite, false);
        return new TlsSession(session.getProtocol(), openSsl != null ? openSsl : suite, strength(suite), peer);
    }

    /** The key bits of a cipher suite (what OpenSSL's SSL_get_cipher_bits gives qdrouterd's {@code sslSsf}). */
    static int strength(String suite) {
        String name = suite.toUpperCase(Locale.ROOT).replace("-", "_");
        if (name.contains("AES_256") || name.contains("AES256") || name.contains("CHACHA20")) {
            return 256;
        }
        if (name.contains("AES_128") || name.contains("AES128") || name.contains("CAMELLIA_128")) {
            return 128;
        }
        if (name.contains("3DES")) {
            return 112;
        }
        return 0;
    }
}
