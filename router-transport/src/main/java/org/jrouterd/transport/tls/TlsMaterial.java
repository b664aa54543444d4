package org.jrouterd.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * What an {@link TlsProfile}'s files hold, read and checked: the certificate chain this end presents and its
 * private key (PEM: PKCS#1 or PKCS#8, plain or encrypted with the profile's password; or a PKCS#12 file), and the
 * trusted CA certificates. Every problem is a {@link TlsSetupException} naming the attribute at fault. Immutable.
 *
 * @param chain      the certificate chain presented, leaf first; empty when the profile has no certificate
 * @param privateKey the key of {@code chain[0]}, or null
 * @param trusted    the trusted CA certificates; empty when the profile has no {@code caCertFile}
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey, List<X509Certificate> trusted) {

    /** BouncyCastle as a provider object, not registered JVM-wide: only key decryption uses it. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public TlsMaterial {
        chain = List.copyOf(chain);
        trusted = List.copyOf(trusted);
    }

    /** Reads and checks the profile's files. */
    public static TlsMaterial load(TlsProfile profile) throws TlsSetupException {
        List<X509Certificate> chain = List.of();
        PrivateKey key = null;
        if (profile.certFile() != null) {
            if (profile.certIsPkcs12()) {
                KeyStore store = pkcs12("certFile", profile.certFile(), profile.password());
                KeyEntry entry = firstKeyEntry(store, profile.certFile(), profile.password());
                chain = entry.chain();
                key = entry.key();
            } else {
                chain = certificates("certFile", profile.certFile());
                if (profile.privateKeyFile() == null) {
                    throw new TlsSetupException("privateKeyFile", "sslProfile '" + profile.name()
                            + "' has a certFile but no privateKeyFile");
                }
                key = privateKey(profile.privateKeyFile(), profile.password());
            }
            requireMatchingKey(chain.get(0), key, profile);
        } else if (profile.privateKeyFile() != null) {
            throw new TlsSetupException("certFile", "sslProfile '" + profile.name()
                    + "' has a privateKeyFile but no certFile");
        }
        List<X509Certificate> trusted = List.of();
        if (profile.caCertFile() != null) {
            trusted = TlsProfile.isPkcs12(profile.caCertFile())
                    ? trustedEntries(pkcs12("caCertFile", profile.caCertFile(), profile.password()))
                    : certificates("caCertFile", profile.caCertFile());
        }
        return new TlsMaterial(chain, key, trusted);
    }

    /** Every certificate of a PEM file, in order; at least one. */
    static List<X509Certificate> certificates(String attribute, Path file) throws TlsSetupException {
        List<X509Certificate> found = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    found.add(converter.getCertificate(holder));
                }
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw unreadable(attribute, file, e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsSetupException(attribute, garbled(file, "certificate", e), e);
        }
        if (found.isEmpty()) {
            throw new TlsSetupException(attribute, "'" + file + "' holds no PEM certificate");
        }
        return found;
    }

    /** The private key of a PEM file: PKCS#1 ({@code RSA PRIVATE KEY}, maybe encrypted) or PKCS#8. */
    static PrivateKey privateKey(Path file, String password) throws TlsSetupException {
        Object item;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            item = parser.readObject();
            while (item != null && !isKey(item)) {
                item = parser.readObject();
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw unreadable("privateKeyFile", file, e);
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException("privateKeyFile", garbled(file, "private key", e), e);
        }
        if (item == null) {
            throw new TlsSetupException("privateKeyFile", "'" + file + "' holds no PEM private key");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (item instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (item instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (password == null) {
                throw new TlsSetupException("password", "the private key in '" + file
                        + "' is encrypted and the sslProfile has no password");
            }
            if (item instanceof PEMEncryptedKeyPair encrypted) {
                return converter.getKeyPair(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password.toCharArray())))
                        .getPrivate();
            }
            PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) item;
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                    .build(password.toCharArray());
            return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
        } catch (TlsSetupException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsSetupException("password", "cannot decrypt the private key in '" + file
                    + "': wrong password? (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isKey(Object item) {
        return item instanceof PEMKeyPair || item instanceof PrivateKeyInfo || item instanceof PEMEncryptedKeyPair
                || item instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static KeyStore pkcs12(String attribute, Path file, String password) throws TlsSetupException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password == null ? new char[0] : password.toCharArray());
            return store;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw unreadable(attribute, file, e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new TlsSetupException("password", "cannot open the PKCS#12 file '" + file
                        + "': wrong password?", e);
            }
            throw new TlsSetupException(attribute, garbled(file, "PKCS#12 store", e), e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(attribute, garbled(file, "PKCS#12 store", e), e);
        }
    }

    private record KeyEntry(List<X509Certificate> chain, PrivateKey key) {
    }

    private static KeyEntry firstKeyEntry(KeyStore store, Path file, String password) throws TlsSetupException {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias,
                            password == null ? new char[0] : password.toCharArray());
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate certificate : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) certificate);
                    }
                    return new KeyEntry(chain, key);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("password", "cannot read the key in '" + file + "': " + e.getMessage(), e);
        }
        throw new TlsSetupException("certFile", "the PKCS#12 file '" + file + "' holds no private key");
    }

    private static List<X509Certificate> trustedEntries(KeyStore store) throws TlsSetupException {
        List<X509Certificate> trusted = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    trusted.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("caCertFile", e.getMessage(), e);
        }
        return trusted;
    }

    /** Signs a few bytes with the key and checks them with the certificate: a key of another pair fails here. */
    private static void requireMatchingKey(X509Certificate certificate, PrivateKey key, TlsProfile profile)
            throws TlsSetupException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;   // an algorithm we cannot test this way: the TLS handshake will tell
        }
        try {
            byte[] probe = "jrouterd key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: fall through
        }
        throw new TlsSetupException("privateKeyFile", "sslProfile '" + profile.name()
                + "': the private key does not belong to the certificate in certFile");
    }

    private static TlsSetupException unreadable(String attribute, Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new TlsSetupException(attribute, "'" + file + "' does not exist", e);
        }
        return new TlsSetupException(attribute, "cannot read '" + file + "': permission denied", e);
    }

    private static String garbled(Path file, String what, Exception e) {
        return "'" + file + "' is not a valid PEM " + what + " (" + e.getMessage() + ")";
    }
}
