package org.jrouterd.transport.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, generated with BouncyCastle into a folder: a CA; a server certificate for
 * {@code localhost} and {@code 127.0.0.1}; a client certificate; an expired one; one for another host; and a
 * second CA, unknown to the first, with a server and a client certificate of its own. Each certificate's key is
 * written as PKCS#8 and PKCS#1, plain and encrypted with {@link #PASSWORD}, and with the certificate as PKCS#12.
 *
 * <p>Threads: made and read by one test thread.
 */
public final class TestCertificates {

    /** The password of every encrypted key and PKCS#12 file. */
    public static final String PASSWORD = "s3cret";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /**
     * One certificate and its key in every form.
     *
     * @param cert             PEM certificate
     * @param key              PEM PKCS#8 key, not encrypted
     * @param pkcs1Key         PEM PKCS#1 ({@code RSA PRIVATE KEY}), not encrypted
     * @param encryptedKey     PEM PKCS#8, encrypted with {@link #PASSWORD}
     * @param encryptedPkcs1Key PEM PKCS#1, encrypted with {@link #PASSWORD} (OpenSSL's DEK-Info form)
     * @param pkcs12           PKCS#12 holding key and certificate, with {@link #PASSWORD}
     * @param certificate      the certificate itself
     */
    public record Issued(Path cert, Path key, Path pkcs1Key, Path encryptedKey, Path encryptedPkcs1Key, Path pkcs12,
                         X509Certificate certificate) {
    }

    private final Path folder;
    private final Path caCert;
    private final Path otherCaCert;
    private final Path trustStore;
    private final Issued server;
    private final Issued client;
    private final Issued expiredClient;
    private final Issued expiredServer;
    private final Issued wrongHostServer;
    private final Issued otherCaServer;
    private final Issued otherCaClient;

    private TestCertificates(Path folder) throws IOException, GeneralSecurityException {
        this.folder = folder;
        Files.createDirectories(folder);
        Authority ca = authority("jrouterd test CA");
        Authority other = authority("another CA");
        caCert = writeCert(folder.resolve("ca.pem"), ca.certificate());
        otherCaCert = writeCert(folder.resolve("other-ca.pem"), other.certificate());
        trustStore = folder.resolve("ca-truststore.p12");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, PASSWORD.toCharArray());
        }
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(30));
        server = issue("server", ca, "localhost", from, until, true, "localhost", "127.0.0.1");
        client = issue("client", ca, "client", from, until, false);
        expiredClient = issue("expired-client", ca, "expired", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)), false);
        expiredServer = issue("expired-server", ca, "localhost", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)), true, "localhost", "127.0.0.1");
        wrongHostServer = issue("wrong-host", ca, "wrong.example", from, until, true, "wrong.example");
        otherCaServer = issue("other-server", other, "localhost", from, until, true, "localhost", "127.0.0.1");
        otherCaClient = issue("other-client", other, "intruder", from, until, false);
    }

    /** Generates every certificate into {@code folder} (made if missing). */
    public static TestCertificates create(Path folder) {
        try {
            return new TestCertificates(folder);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates in " + folder, e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The CA that issued server, client, expired and wrong-host certificates. */
    public Path caCert() {
        return caCert;
    }

    /** A PKCS#12 trust store holding the first CA, with {@link #PASSWORD} (for Java clients such as Qpid JMS). */
    public Path trustStore() {
        return trustStore;
    }

    /** A CA the first does not know; it issued {@link #otherCaServer()} and {@link #otherCaClient()}. */
    public Path otherCaCert() {
        return otherCaCert;
    }

    /** CN=localhost, names localhost and 127.0.0.1. */
    public Issued server() {
        return server;
    }

    /** CN=client. */
    public Issued client() {
        return client;
    }

    /** A client certificate that expired yesterday. */
    public Issued expiredClient() {
        return expiredClient;
    }

    /** A server certificate for localhost and 127.0.0.1 that expired yesterday. */
    public Issued expiredServer() {
        return expiredServer;
    }

    /** A server certificate that names only {@code wrong.example}. */
    public Issued wrongHostServer() {
        return wrongHostServer;
    }

    /** A server certificate for localhost and 127.0.0.1 from the other CA. */
    public Issued otherCaServer() {
        return otherCaServer;
    }

    /** A client certificate from the other CA. */
    public Issued otherCaClient() {
        return otherCaClient;
    }

    /** A profile presenting {@code issued} (PEM, PKCS#8) and trusting the first CA. */
    public TlsProfile profile(String name, Issued issued) {
        return TlsProfile.pem(name, issued.cert(), issued.key(), caCert);
    }

    private record Authority(KeyPair keys, X509Certificate certificate) {
    }

    private static Authority authority(String name) throws GeneralSecurityException, IOException {
        KeyPair keys = rsa();
        X500Name subject = new X500Name("CN=" + name + ",O=jrouterd tests");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Authority(keys, sign(builder, keys));
    }

    private Issued issue(String file, Authority ca, String commonName, Instant from, Instant until, boolean server,
                         String... names) throws GeneralSecurityException, IOException {
        try {
            return issueOrFail(file, ca, commonName, from, until, server, names);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private Issued issueOrFail(String file, Authority ca, String commonName, Instant from, Instant until,
                               boolean server, String... names)
            throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        KeyPair keys = rsa();
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from),
                Date.from(until), new X500Name("CN=" + commonName + ",OU=" + (server ? "server" : "client")
                + ",O=jrouterd tests,C=US"), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (names.length > 0) {
            GeneralName[] alternatives = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                boolean ip = names[i].chars().allMatch(c -> c == '.' || Character.isDigit(c));
                alternatives[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
        }
        X509Certificate certificate = sign(builder, ca.keys());
        Path cert = writeCert(folder.resolve(file + "-cert.pem"), certificate);
        Path key = writePem(folder.resolve(file + "-key.pem"), new JcaPKCS8Generator(keys.getPrivate(), null));
        Path pkcs1 = writePem(folder.resolve(file + "-key-pkcs1.pem"), new JcaMiscPEMGenerator(keys.getPrivate()));
        Path encrypted = writePem(folder.resolve(file + "-key-encrypted.pem"), new JcaPKCS8Generator(
                keys.getPrivate(), new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                .setPassword(PASSWORD.toCharArray()).build()));
        Path encryptedPkcs1 = writePem(folder.resolve(file + "-key-pkcs1-encrypted.pem"),
                new JcaMiscPEMGenerator(keys.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC)
                        .build(PASSWORD.toCharArray())));
        Path pkcs12 = folder.resolve(file + ".p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(file, keys.getPrivate(), PASSWORD.toCharArray(),
                new Certificate[] {certificate, ca.certificate()});
        try (OutputStream out = Files.newOutputStream(pkcs12)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return new Issued(cert, key, pkcs1, encrypted, encryptedPkcs1, pkcs12, certificate);
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Path writeCert(Path file, X509Certificate certificate) throws IOException {
        return writePem(file, new JcaMiscPEMGenerator(certificate));
    }

    private static Path writePem(Path file, org.bouncycastle.util.io.pem.PemObjectGenerator object)
            throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
        return file;
    }

    /** Every file written, for tests that copy or corrupt them. */
    public List<Path> files() throws IOException {
        try (var stream = Files.list(folder)) {
            return stream.sorted().toList();
        }
    }
}
