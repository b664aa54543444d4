package org.jrouterd.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key form an sslProfile may name loads, and every broken file fails naming its attribute. */
class TlsMaterialTest {

    @TempDir
    static Path folder;
    static TestCertificates certificates;

    @BeforeAll
    static void generate() {
        certificates = TestCertificates.create(folder.resolve("certs"));
    }

    private static TlsProfile profile(Path cert, Path key, String password) {
        return new TlsProfile("p", cert, key, password, certificates.caCert(), List.of(), null, null);
    }

    @Test
    void readsPkcs8Pkcs1EncryptedAndPkcs12Keys() throws TlsSetupException {
        TestCertificates.Issued server = certificates.server();
        for (Path key : List.of(server.key(), server.pkcs1Key())) {
            TlsMaterial material = TlsMaterial.load(profile(server.cert(), key, null));
            assertThat(material.privateKey()).as(key.toString()).isNotNull();
            assertThat(material.chain()).containsExactly(server.certificate());
            assertThat(material.trusted()).hasSize(1);
        }
        for (Path key : List.of(server.encryptedKey(), server.encryptedPkcs1Key())) {
            assertThat(TlsMaterial.load(profile(server.cert(), key, TestCertificates.PASSWORD)).privateKey())
                    .as(key.toString()).isNotNull();
        }
        TlsMaterial pkcs12 = TlsMaterial.load(profile(server.pkcs12(), null, TestCertificates.PASSWORD));
        assertThat(pkcs12.chain().get(0)).isEqualTo(server.certificate());
        assertThat(pkcs12.privateKey()).isNotNull();
    }

    @Test
    void aWrongOrMissingPasswordIsTheBlameOfPassword() {
        TestCertificates.Issued server = certificates.server();
        for (Path key : List.of(server.encryptedKey(), server.encryptedPkcs1Key())) {
            assertThatThrownBy(() -> TlsMaterial.load(profile(server.cert(), key, "wrong")))
                    .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute())
                            .isEqualTo("password"))
                    .hasMessageContaining("wrong password");
            assertThatThrownBy(() -> TlsMaterial.load(profile(server.cert(), key, null)))
                    .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute())
                            .isEqualTo("password"))
                    .hasMessageContaining("encrypted and the sslProfile has no password");
        }
        assertThatThrownBy(() -> TlsMaterial.load(profile(server.pkcs12(), null, "wrong")))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("password"));
    }

    @Test
    void missingGarbledAndMismatchedFilesNameTheirAttribute() throws Exception {
        TestCertificates.Issued server = certificates.server();
        Path missing = folder.resolve("nowhere.pem");
        assertThatThrownBy(() -> TlsMaterial.load(profile(missing, server.key(), null)))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("certFile"))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TlsMaterial.load(profile(server.cert(), missing, null)))
                .isInstanceOfSatisfying(TlsSetupException.class,
                        e -> assertThat(e.attribute()).isEqualTo("privateKeyFile"));

        Path garbled = Files.writeString(folder.resolve("garbled.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsMaterial.load(profile(garbled, server.key(), null)))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("certFile"))
                .hasMessageContaining("is not a valid PEM certificate");
        Path empty = Files.writeString(folder.resolve("empty.pem"), "hello\n");
        assertThatThrownBy(() -> TlsMaterial.load(profile(server.cert(), empty, null)))
                .isInstanceOfSatisfying(TlsSetupException.class,
                        e -> assertThat(e.attribute()).isEqualTo("privateKeyFile"))
                .hasMessageContaining("holds no PEM private key");
        assertThatThrownBy(() -> TlsMaterial.load(profile(server.cert(), certificates.client().key(), null)))
                .isInstanceOfSatisfying(TlsSetupException.class,
                        e -> assertThat(e.attribute()).isEqualTo("privateKeyFile"))
                .hasMessageContaining("does not belong to the certificate");
        TlsProfile badCa = new TlsProfile("p", server.cert(), server.key(), null, empty, List.of(), null, null);
        assertThatThrownBy(() -> TlsMaterial.load(badCa))
                .isInstanceOfSatisfying(TlsSetupException.class,
                        e -> assertThat(e.attribute()).isEqualTo("caCertFile"));
    }

    @Test
    void protocolsAndCiphersAreCheckedWhenTheContextIsMade() throws TlsSetupException {
        TlsProfile server = certificates.profile("p", certificates.server());
        assertThat(TlsContexts.server(server.withProtocols(List.of("TLSv1.2", "TLSv1.3")),
                io.netty.handler.ssl.ClientAuth.NONE)).isNotNull();
        assertThatThrownBy(() -> TlsContexts.server(server.withProtocols(List.of("TLSv9")),
                io.netty.handler.ssl.ClientAuth.NONE))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("protocols"));
        assertThat(TlsContexts.cipherSuites("ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256"))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256");
        assertThatThrownBy(() -> TlsContexts.cipherSuites("HIGH:!aNULL"))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("ciphers"))
                .hasMessageContaining("'HIGH' is not a cipher suite name");
        assertThatThrownBy(() -> TlsContexts.server(server.withCiphers("TLS_NO_SUCH_SUITE"),
                io.netty.handler.ssl.ClientAuth.NONE))
                .isInstanceOfSatisfying(TlsSetupException.class, e -> assertThat(e.attribute()).isEqualTo("ciphers"));
    }
}
