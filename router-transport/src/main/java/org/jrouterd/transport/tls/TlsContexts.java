package org.jrouterd.transport.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Netty {@link SslContext}s made from a {@link TlsProfile}: a server one for listeners, a client one for
 * connectors. The provider is OpenSSL (BoringSSL) when netty-tcnative is on the class path, the JDK's otherwise.
 * Stateless.
 */
public final class TlsContexts {

    /** The protocol names an sslProfile may list (qdrouterd's, which are the JDK's and OpenSSL's too). */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsContexts() {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("SERVER");
    /** Said once per JVM, at the first context, so that operators can see which TLS implementation serves them. */
    private static final java.util.concurrent.atomic.AtomicBoolean PROVIDER_LOGGED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** The provider contexts are built with: OpenSSL when netty-tcnative is on the class path, else the JDK. */
    public static SslProvider provider() {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        if (PROVIDER_LOGGED.compareAndSet(false, true)) {
            LOG.info("TLS provider: {}", provider == SslProvider.OPENSSL
                    ? "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)"
                    : "JDK (" + System.getProperty("java.vendor") + " " + System.getProperty("java.version")
                    + "; put netty-tcnative-boringssl-static on the class path for OpenSSL)");
        }
        return provider;
    }

    /**
     * A server context: presents the profile's certificate; asks for client certificates as {@code clientAuth}
     * says, trusting the profile's CA certificates.
     */
    public static SslContext server(TlsProfile profile, ClientAuth clientAuth) throws TlsSetupException {
        TlsMaterial material = TlsMaterial.load(profile);
        if (material.privateKey() == null) {
            throw new TlsSetupException("certFile", "sslProfile '" + profile.name() + "' is used by a listener and "
                    + "has no certFile: a TLS server must present a certificate");
        }
        if (clientAuth != ClientAuth.NONE && material.trusted().isEmpty()) {
            throw new TlsSetupException("caCertFile", "sslProfile '" + profile.name() + "' has no caCertFile: a "
                    + "listener cannot check client certificates without one");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(material.privateKey(),
                material.chain().toArray(X509Certificate[]::new)).clientAuth(clientAuth);
        if (!material.trusted().isEmpty()) {
            builder.trustManager(material.trusted().toArray(X509Certificate[]::new));
        }
        return build(profile, builder);
    }

    /**
     * A client context: presents the profile's certificate when it has one; trusts the profile's CA certificates,
     * or the JVM's default trust store when it has none; checks that the server's certificate names the host dialled
     * when {@code verifyHostname}.
     */
    public static SslContext client(TlsProfile profile, boolean verifyHostname) throws TlsSetupException {
        TlsMaterial material = TlsMaterial.load(profile);
        // Netty's client contexts check host names unless told otherwise.
        SslContextBuilder builder = SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        if (material.privateKey() != null) {
            builder.keyManager(material.privateKey(), material.chain().toArray(X509Certificate[]::new));
        }
        if (!material.trusted().isEmpty()) {
            builder.trustManager(material.trusted().toArray(X509Certificate[]::new));
        }
        return build(profile, builder);
    }

    private static SslContext build(TlsProfile profile, SslContextBuilder builder) throws TlsSetupException {
        builder.sslProvider(provider());
        if (!profile.protocols().isEmpty()) {
            for (String protocol : profile.protocols()) {
                if (!PROTOCOLS.contains(protocol)) {
                    throw new TlsSetupException("protocols", "unknown TLS protocol '" + protocol + "' (known: "
                            + "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3)");
                }
            }
            builder.protocols(profile.protocols());
        }
        if (profile.ciphers() != null && !profile.ciphers().isBlank()) {
            builder.ciphers(cipherSuites(profile.ciphers()));
        }
        try {
            SslContext context = builder.build();
            // An engine now, so that a suite or protocol the provider refuses fails the configuration, not a peer.
            ReferenceCountUtil.release(context.newEngine(ByteBufAllocator.DEFAULT));
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException(profile.ciphers() != null ? "ciphers" : null, "sslProfile '"
                    + profile.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The cipher suites of an OpenSSL cipher list ({@code ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256})
     * under their Java names. OpenSSL's keywords and operators ({@code HIGH}, {@code !aNULL}, {@code +RC4}) are
     * not expanded: such a list is refused, naming the part jrouterd cannot read.
     */
    static List<String> cipherSuites(String ciphers) throws TlsSetupException {
        List<String> suites = new ArrayList<>();
        for (String part : ciphers.split("[:, ]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("TLS_") || part.startsWith("SSL_")) {
                suites.add(part);
                continue;
            }
            String java = CipherSuiteConverter.toJava(part, "TLS");
            if (java == null || part.startsWith("!") || part.startsWith("+") || part.startsWith("-")) {
                throw new TlsSetupException("ciphers", "'" + part + "' is not a cipher suite name: jrouterd takes "
                        + "a list of suites (OpenSSL or IANA names separated by ':'), not OpenSSL's keywords");
            }
            suites.add(java);
        }
        if (suites.isEmpty()) {
            throw new TlsSetupException("ciphers", "names no cipher suite");
        }
        return suites;
    }
}
