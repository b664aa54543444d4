package org.jrouterd.transport.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code sslProfile} as qdrouterd 1.19 configures it: where the certificate, its private key and the trusted CA
 * certificates are, the key's password (already resolved from its {@code env:}/{@code file:}/{@code literal:}
 * form), the TLS protocols and cipher suites allowed. Immutable; reading the files is {@link TlsMaterial}'s job.
 *
 * @param name           the profile's name (for logs and errors)
 * @param certFile       PEM certificate (chain) this end presents, or a PKCS#12 file ({@code .p12}/{@code .pfx})
 *                       holding both certificate and key; null for a client that presents none
 * @param privateKeyFile PEM private key of {@code certFile} (PKCS#1, PKCS#8, encrypted or not); null with PKCS#12
 *                       or without a certificate
 * @param password       password of an encrypted key or of the PKCS#12 file, or null
 * @param caCertFile     PEM file of trusted CA certificates (or a PKCS#12 trust store), or null
 * @param protocols      TLS protocols allowed, e.g. {@code TLSv1.2 TLSv1.3}; empty for the provider's defaults
 * @param ciphers        cipher suites allowed, OpenSSL or IANA names separated by {@code :}, or null for the
 *                       provider's defaults
 * @param uidFormat      certificate fields that make a user id for SASL EXTERNAL, or null
 */
public record TlsProfile(String name, Path certFile, Path privateKeyFile, String password, Path caCertFile,
                         List<String> protocols, String ciphers, String uidFormat) {

    public TlsProfile {
        Objects.requireNonNull(name, "name");
        protocols = List.copyOf(protocols);
    }

    /** A profile with a PEM certificate and key and a CA file, and the provider's protocols and ciphers. */
    public static TlsProfile pem(String name, Path certFile, Path privateKeyFile, Path caCertFile) {
        return new TlsProfile(name, certFile, privateKeyFile, null, caCertFile, List.of(), null, null);
    }

    /** Whether {@code certFile} is a PKCS#12 file (by its extension), which holds the key too. */
    public boolean certIsPkcs12() {
        return isPkcs12(certFile);
    }

    static boolean isPkcs12(Path file) {
        if (file == null) {
            return false;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    /** The same profile with these protocols. */
    public TlsProfile withProtocols(List<String> value) {
        return new TlsProfile(name, certFile, privateKeyFile, password, caCertFile, value, ciphers, uidFormat);
    }

    /** The same profile with this key password. */
    public TlsProfile withPassword(String value) {
        return new TlsProfile(name, certFile, privateKeyFile, value, caCertFile, protocols, ciphers, uidFormat);
    }

    /** The same profile with these ciphers. */
    public TlsProfile withCiphers(String value) {
        return new TlsProfile(name, certFile, privateKeyFile, password, caCertFile, protocols, value, uidFormat);
    }
}
