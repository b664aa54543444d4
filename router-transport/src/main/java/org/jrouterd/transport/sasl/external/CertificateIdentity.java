package org.jrouterd.transport.sasl.external;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The user id of a TLS client, from its certificate, as qdrouterd builds it from an sslProfile's {@code uidFormat}:
 * one component per letter, in the order written, joined with ';'. {@code c} country, {@code s} state or province,
 * {@code l} locality, {@code o} organisation, {@code u} organisational unit, {@code n} common name (from the
 * certificate's subject); {@code 1}, {@code 2}, {@code 5} the SHA-1, SHA-256, SHA-512 fingerprint of the whole
 * certificate, in lower-case hex. A field the subject lacks is left out. Without a {@code uidFormat}, or when no
 * field yields anything, the id is the subject's distinguished name (RFC 2253). Immutable.
 */
public final class CertificateIdentity {

    /** The letters a {@code uidFormat} may use. */
    public static final String FORMAT_LETTERS = "csloun125";

    private final String format;

    private CertificateIdentity(String format) {
        this.format = format;
    }

    /**
     * A uidFormat, checked.
     *
     * @param uidFormat the sslProfile's {@code uidFormat}; null or empty for the subject's distinguished name
     * @throws IllegalArgumentException naming a letter that is not one of {@link #FORMAT_LETTERS}
     */
    public static CertificateIdentity of(String uidFormat) {
        String format = uidFormat == null ? "" : uidFormat.replace(",", "").strip();
        for (int i = 0; i < format.length(); i++) {
            if (FORMAT_LETTERS.indexOf(format.charAt(i)) < 0) {
                throw new IllegalArgumentException("uidFormat: '" + format.charAt(i) + "' is not one of c, s, l, o, "
                        + "u, n, 1, 2, 5");
            }
        }
        return new CertificateIdentity(format);
    }

    /**
     * The user id of the peer whose certificate chain is {@code chain} (the peer's own certificate first).
     *
     * @throws IllegalArgumentException when the chain is empty
     */
    public String userId(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("no client certificate");
        }
        X509Certificate certificate = chain[0];
        X500Principal subject = certificate.getSubjectX500Principal();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < format.length(); i++) {
            String part = component(format.charAt(i), subject, certificate);
            if (part != null && !part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? subject.getName(X500Principal.RFC2253) : String.join(";", parts);
    }

    private static String component(char letter, X500Principal subject, X509Certificate certificate) {
        return switch (letter) {
            case 'c' -> attribute(subject, "C");
            case 's' -> attribute(subject, "ST");
            case 'l' -> attribute(subject, "L");
            case 'o' -> attribute(subject, "O");
            case 'u' -> attribute(subject, "OU");
            case 'n' -> attribute(subject, "CN");
            case '1' -> fingerprint(certificate, "SHA-1");
            case '2' -> fingerprint(certificate, "SHA-256");
            case '5' -> fingerprint(certificate, "SHA-512");
            default -> throw new IllegalStateException("checked in of(): " + letter);
        };
    }

    /** The first value of attribute {@code type} in the subject, or null. */
    static String attribute(X500Principal subject, String type) {
        try {
            LdapName name = new LdapName(subject.getName(X500Principal.RFC2253));
            // LdapName lists RDNs from the last to the first as written; the most significant is written first.
            List<Rdn> rdns = name.getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                javax.naming.directory.Attribute value = rdns.get(i).toAttributes().get(type);
                if (value != null) {
                    return String.valueOf(value.get());
                }
            }
            return null;
        } catch (javax.naming.NamingException e) {
            throw new IllegalArgumentException("unreadable certificate subject: " + subject, e);
        }
    }

    /** The lower-case hex digest of the whole DER certificate. */
    static String fingerprint(X509Certificate certificate, String digest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(digest).digest(certificate.getEncoded()))
                    .toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the " + digest + " fingerprint", e);
        }
    }
}
