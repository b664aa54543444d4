package org.jrouterd.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.tls.ListenerTls;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code connection} entity tells the truth about TLS: a client over TLS shows {@code isEncrypted},
 * {@code ssl}, {@code sslProto}, {@code sslCipher} and {@code sslSsf}; a plain one shows none of them.
 */
@Timeout(60)
class TlsConnectionEntityTest {

    @TempDir
    Path folder;

    @Test
    @SuppressWarnings("unchecked")
    void aTlsConnectionShowsItsProtocolCipherAndStrengthAndAPlainOneDoesNot() throws Exception {
        TestCertificates certs = TestCertificates.create(folder);
        ListenerSpec tls = ListenerSpec.defaults("127.0.0.1", 0)
                .withTls(ListenerTls.of(certs.profile("server", certs.server()), true, false));
        try (Router router = Router.builder().id("Entities").ioThreads(1).listener("127.0.0.1", 0).listener(tls)
                .start();
             ManagementClient management = new ManagementClient(router.port())) {
            int tlsPort = router.listenAddresses().get(1).getPort();
            try (Connection client = new JmsConnectionFactory("amqps://127.0.0.1:" + tlsPort
                    + "?transport.trustStoreLocation=" + certs.trustStore() + "&transport.trustStorePassword="
                    + TestCertificates.PASSWORD + "&transport.storeType=PKCS12&jms.clientID=over-tls")
                    .createConnection()) {
                client.start();
                ManagementClient.Response query = management.request("QUERY", "org.amqp.management",
                        Map.of("entityType", "connection"), Map.of());
                List<Object> names = (List<Object>) query.body().get("attributeNames");
                Map<String, Map<String, Object>> byContainer = new HashMap<>();
                for (List<Object> row : (List<List<Object>>) query.body().get("results")) {
                    Map<String, Object> entity = new HashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        entity.put(String.valueOf(names.get(i)), row.get(i));
                    }
                    byContainer.put(String.valueOf(entity.get("container")), entity);
                }
                Map<String, Object> encrypted = byContainer.get("over-tls");
                assertThat(encrypted).as("connections: %s", byContainer.keySet()).isNotNull();
                assertThat(encrypted).containsEntry("isEncrypted", true).containsEntry("ssl", true)
                        .containsEntry("sslProto", "TLSv1.3");
                assertThat((String) encrypted.get("sslCipher")).startsWith("TLS_AES_");
                assertThat(((Number) encrypted.get("sslSsf")).longValue()).isIn(128L, 256L);

                Map<String, Object> plain = byContainer.values().stream()
                        .filter(entity -> !"over-tls".equals(entity.get("container"))).findFirst().orElseThrow();
                assertThat(plain).containsEntry("isEncrypted", false).containsEntry("ssl", false);
                assertThat(plain.get("sslProto")).isNull();
                assertThat(((Number) plain.get("sslSsf")).longValue()).isZero();
            }
        }
    }
}
