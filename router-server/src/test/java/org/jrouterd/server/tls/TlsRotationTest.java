package org.jrouterd.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.tls.ListenerTls;
import org.jrouterd.transport.tls.TestCertificates;
import org.jrouterd.transport.tls.TlsProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live rotation: the files of a listener's sslProfile are replaced on disk while 100 clients stay connected over
 * TLS; new clients get the new certificate within a few seconds, and no connected client is dropped.
 */
@Timeout(180)
class TlsRotationTest {

    private static final int CLIENTS = 100;

    @TempDir
    Path folder;

    @Test
    void replacedCertificateFilesReachNewClientsWhileConnectedClientsStayUp() throws Exception {
        TestCertificates certs = TestCertificates.create(folder.resolve("certs"));
        Path liveCert = folder.resolve("live-cert.pem");
        Path liveKey = folder.resolve("live-key.pem");
        Files.copy(certs.server().cert(), liveCert);
        Files.copy(certs.server().key(), liveKey);
        TlsProfile profile = TlsProfile.pem("live", liveCert, liveKey, certs.caCert());
        ListenerSpec listener = ListenerSpec.defaults("127.0.0.1", 0)
                .withTls(ListenerTls.of(profile, true, false));
        List<Connection> connected = new ArrayList<>();
        AtomicReference<JMSException> dropped = new AtomicReference<>();
        try (Router router = Router.builder().id("Rotating").ioThreads(2).listener(listener).start()) {
            String url = "amqps://127.0.0.1:" + router.port() + "?transport.trustAll=true"
                    + "&transport.verifyHost=false";
            for (int i = 0; i < CLIENTS; i++) {
                Connection connection = new JmsConnectionFactory(url).createConnection();
                connection.setExceptionListener((ExceptionListener) dropped::set);
                connection.start();
                connected.add(connection);
            }
            assertThat(serverCertificate(router.port())).isEqualTo(certs.server().certificate());

            // As an operator would: each file replaced at once (a rename), the key first.
            replace(certs.otherCaServer().key(), liveKey);
            replace(certs.otherCaServer().cert(), liveCert);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(serverCertificate(router.port()))
                    .isEqualTo(certs.otherCaServer().certificate()));
            for (Connection connection : connected) {
                connection.createSession(false, Session.AUTO_ACKNOWLEDGE).close();   // a round trip on it
            }
            assertThat(dropped.get()).as("a connected client was dropped").isNull();
        } finally {
            for (Connection connection : connected) {
                try {
                    connection.close();
                } catch (JMSException e) {
                    // the router is gone; nothing to close
                }
            }
        }
    }

    private static void replace(Path source, Path target) throws Exception {
        Path next = target.resolveSibling(target.getFileName() + ".next");
        Files.copy(source, next, StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The certificate a new TLS client gets from the router now. */
    private static X509Certificate serverCertificate(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
