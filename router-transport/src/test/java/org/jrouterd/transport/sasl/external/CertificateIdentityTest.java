package org.jrouterd.transport.sasl.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jrouterd.transport.sasl.ExternalMechanism;
import org.jrouterd.transport.sasl.SaslStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user id qdrouterd's uidFormat derives from a client certificate, on certificates BouncyCastle makes here: a
 * CA, a client with every subject field, and one with a common name only; and EXTERNAL built on it.
 */
class CertificateIdentityTest {

    private static final String FULL_SUBJECT = "C=US,ST=North Carolina,L=Raleigh,O=Acme Corp,OU=Messaging,CN=alice";
    private static X509Certificate ca;
    private static X509Certificate full;
    private static X509Certificate cnOnly;

    @BeforeAll
    static void makeCertificates() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair caKeys = generator.generateKeyPair();
        ca = certificate("CN=Test CA,O=Acme Corp", "CN=Test CA,O=Acme Corp", caKeys, caKeys);
        full = certificate(FULL_SUBJECT, "CN=Test CA,O=Acme Corp", generator.generateKeyPair(), caKeys);
        cnOnly = certificate("CN=bob", "CN=Test CA,O=Acme Corp", generator.generateKeyPair(), caKeys);
    }

    private static X509Certificate certificate(String subject, String issuer, KeyPair keys, KeyPair issuerKeys)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static String uid(String format, X509Certificate certificate) {
        return CertificateIdentity.of(format).userId(new X509Certificate[] {certificate, ca});
    }

    private static String bcFingerprint(Digest digest, X509Certificate certificate) throws Exception {
        byte[] der = certificate.getEncoded();
        digest.update(der, 0, der.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    @Test
    void eachLetterTakesItsSubjectField() {
        assertThat(uid("c", full)).isEqualTo("US");
        assertThat(uid("s", full)).isEqualTo("North Carolina");
        assertThat(uid("l", full)).isEqualTo("Raleigh");
        assertThat(uid("o", full)).isEqualTo("Acme Corp");
        assertThat(uid("u", full)).isEqualTo("Messaging");
        assertThat(uid("n", full)).isEqualTo("alice");
    }

    @Test
    void componentsFollowTheFormatsOrderJoinedWithSemicolons() {
        assertThat(uid("cou", full)).isEqualTo("US;Acme Corp;Messaging");
        assertThat(uid("nlc", full)).isEqualTo("alice;Raleigh;US");
        assertThat(uid("c,o,u", full)).as("commas, as older qdrouterd docs write it").isEqualTo("US;Acme Corp;Messaging");
    }

    @Test
    void fingerprintsAreLowerCaseHexOfTheWholeCertificate() throws Exception {
        assertThat(uid("1", full)).isEqualTo(bcFingerprint(new SHA1Digest(), full)).hasSize(40);
        assertThat(uid("2", full)).isEqualTo(bcFingerprint(new SHA256Digest(), full)).hasSize(64);
        assertThat(uid("5", full)).isEqualTo(bcFingerprint(new SHA512Digest(), full)).hasSize(128);
        assertThat(uid("o2", full)).isEqualTo("Acme Corp;" + bcFingerprint(new SHA256Digest(), full));
        assertThat(uid("2", full)).as("the client's, not the CA's").isNotEqualTo(bcFingerprint(new SHA256Digest(), ca));
    }

    @Test
    void missingFieldsAreLeftOutAndNoFieldAtAllGivesTheSubject() {
        assertThat(uid("csn", cnOnly)).isEqualTo("bob");
        assertThat(uid("cou", cnOnly)).isEqualTo("CN=bob");
        assertThat(uid(null, full)).isEqualTo(
                "CN=alice,OU=Messaging,O=Acme Corp,L=Raleigh,ST=North Carolina,C=US");
        assertThat(uid("", cnOnly)).isEqualTo("CN=bob");
    }

    @Test
    void refusesUnknownLettersAndAnEmptyChain() {
        assertThatThrownBy(() -> CertificateIdentity.of("cx")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> CertificateIdentity.of("3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateIdentity.of("n").userId(new X509Certificate[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void externalAuthenticatesTheMappedCertificateIdentity() {
        UidNameMapping mapping = new UidNameMapping(Map.of("US;Acme Corp;Messaging", "alice-display"));
        ExternalMechanism mapped = new ExternalMechanism(() -> new X509Certificate[] {full, ca},
                CertificateIdentity.of("cou"), mapping);
        assertThat(mapped.evaluate(new byte[0])).isEqualTo(SaslStep.success("alice-display"));
        ExternalMechanism unmapped = new ExternalMechanism(() -> new X509Certificate[] {cnOnly},
                CertificateIdentity.of("n"), mapping);
        assertThat(unmapped.evaluate(new byte[0]).user()).isEqualTo("bob");
        assertThat(unmapped.evaluate("bob".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(SaslStep.Status.SUCCESS);
        assertThat(unmapped.evaluate("admin".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(SaslStep.Status.FAILURE);
        ExternalMechanism noCertificate = new ExternalMechanism(() -> null, CertificateIdentity.of("n"),
                UidNameMapping.NONE);
        assertThat(noCertificate.evaluate(new byte[0]).reason()).contains("without a client certificate");
    }
}
