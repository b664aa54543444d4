package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jrouterd.transport.amqp.AmqpWire.amqpFrame;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.MessageMemory;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.CoreThread;
import org.jrouterd.core.engine.FatalErrors;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.linkstate.LinkStateConfig;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.server.AmqpServer;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ListenerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry over real sockets and several event loops: snapshots of connections spread over the loops combine
 * into one list, a connector's connection shows its configured address and direction, inter-router links show
 * their type and priority, and connections that close are gone.
 */
@Timeout(60)
class ConnectionRegistryTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void combinesTheConnectionsAndLinksOfEveryEventLoop() throws Exception {
        AmqpServer server = server("A", 4);
        InetSocketAddress address = server.listen(ListenerSpec.defaults("127.0.0.1", 0));
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clients.add(client(address, "client-" + i));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> server.links().get().size() == 12);
        List<ConnectionSnapshot> connections = server.connections().get(10, TimeUnit.SECONDS);

        assertThat(connections).hasSize(12);
        assertThat(connections).extracting(ConnectionSnapshot::container).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 12).mapToObj(i -> "client-" + i).toList());
        assertThat(connections).extracting(ConnectionSnapshot::identity).isSorted().doesNotHaveDuplicates();
        assertThat(connections).allSatisfy(c -> {
            assertThat(c.dir()).isEqualTo("in");
            assertThat(c.host()).startsWith("127.0.0.1:");
            assertThat(c.opened()).isTrue();
        });
        Set<Long> connectionIds = new HashSet<>(connections.stream().map(ConnectionSnapshot::identity).toList());
        List<LinkSnapshot> links = server.links().get(10, TimeUnit.SECONDS);
        assertThat(links).extracting(LinkSnapshot::connectionId).allMatch(connectionIds::contains)
                .doesNotHaveDuplicates();
        assertThat(links).extracting(LinkSnapshot::identity).isSorted().doesNotHaveDuplicates();

        for (Socket client : clients.subList(0, 5)) {
            client.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.connections().get().size() == 7);
        assertThat(server.links().get(10, TimeUnit.SECONDS)).hasSize(7);
        assertThat(server.registry().size()).isEqualTo(7);
    }

    @Test
    void showsAConnectorsConnectionWithItsConfiguredAddressAndInterRouterLinks() throws Exception {
        AmqpServer a = server("A", 2);
        InetSocketAddress address = a.listen(ListenerSpec.defaults("127.0.0.1", 0)
                .withRole(ConnectionRole.INTER_ROUTER));
        AmqpServer b = server("B", 2);
        b.connect(ConnectorSpec.defaults("toA", "127.0.0.1", address.getPort()).withRole(ConnectionRole.INTER_ROUTER));

        // 1 control link and 10 data links each way, on each side
        await().atMost(Duration.ofSeconds(20)).until(() -> a.links().get().size() == 22
                && b.links().get().size() == 22);

        ConnectionSnapshot out = b.connections().get(10, TimeUnit.SECONDS).get(0);
        assertThat(out.dir()).isEqualTo("out");
        assertThat(out.host()).isEqualTo("127.0.0.1:" + address.getPort());
        assertThat(out.role()).isEqualTo("inter-router");
        assertThat(out.container()).isEqualTo("A");
        assertThat(out.properties()).containsEntry("product", AmqpConnection.PRODUCT).containsKey("qd.conn-id");
        assertThat(out.isAuthenticated()).isTrue();
        assertThat(out.sasl()).isEqualTo("ANONYMOUS");
        ConnectionSnapshot in = a.connections().get(10, TimeUnit.SECONDS).get(0);
        assertThat(in.dir()).isEqualTo("in");
        assertThat(in.container()).isEqualTo("B");
        assertThat(in.properties().get("qd.conn-id")).isEqualTo((int) out.identity());

        for (AmqpServer server : List.of(a, b)) {
            List<LinkSnapshot> links = server.links().get(10, TimeUnit.SECONDS);
            assertThat(links).filteredOn(l -> l.linkType().equals("router-control"))
                    .extracting(LinkSnapshot::linkDir, LinkSnapshot::priority)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("in", 9),
                            org.assertj.core.groups.Tuple.tuple("out", 9));
            for (String dir : List.of("in", "out")) {
                assertThat(links).filteredOn(l -> l.linkType().equals("inter-router") && l.linkDir().equals(dir))
                        .extracting(LinkSnapshot::priority)
                        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            }
        }
        // Control messages (HELLO at least) flow pre-settled on the control links.
        await().atMost(Duration.ofSeconds(20)).until(() -> a.links().get().stream()
                .anyMatch(l -> l.linkType().equals("router-control") && l.linkDir().equals("in")
                        && l.deliveryCount() > 0 && l.presettledCount() == l.deliveryCount()));
    }

    private AmqpServer server(String id, int ioThreads) {
        AddressConfigTable addresses = new AddressConfigTable(Distribution.BALANCED);
        ForwardingTable forwarding = new ForwardingTable();
        RouterCore core = new RouterCore(id, forwarding, addresses::distributionFor,
                LinkStateConfig.defaults(id, System.nanoTime()), System::currentTimeMillis);
        CoreProxy proxy = new CoreProxy(core);
        FatalErrors fatal = new FatalErrors(id, (router, where, error) -> { });
        CoreThread coreThread = new CoreThread(id, proxy, fatal);
        coreThread.start();
        resources.add(coreThread);
        LocalRouter router = new LocalRouter(id, proxy, forwarding, addresses, SaslMechanisms.builtIn(),
                new MessageMemory(64L * 1024 * 1024), LocalRouter.DEFAULT_WRITE_TIMEOUT_MILLIS);
        AmqpServer server = new AmqpServer(router, ioThreads, fatal);
        resources.add(server);
        return server;
    }

    /** A client that opens a connection with one anonymous sender link, frame by frame, and never reads. */
    private Socket client(InetSocketAddress address, String container) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        resources.add(socket);
        OutputStream out = socket.getOutputStream();
        for (byte[] frame : PeerSessions.openAndBegin(container)) {
            out.write(frame);
        }
        out.write(amqpFrame(0, PeerSessions.senderAttach(1, "sender-" + container, null)));
        out.flush();
        return socket;
    }
}
