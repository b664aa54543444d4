package org.jrouterd.server.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RPC start-up across a triangle A–B (cost 1), B–C (cost 1), A–C (cost 5): a server on A (receiver on the service
 * address, anonymous sender for replies) and a client on C (dynamic reply-to receiver, then a sender that sends
 * its first request as soon as it has credit), as Python Proton's {@code server.py} and {@code client.py} do.
 * C reaches A through B, so C's request crosses B; C gives the client credit once it learns of A's service, and
 * B must know of it by then, or it releases the request.
 */
@Timeout(180)
class MeshRpcStartUpTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final long WAIT_SECONDS = 20;
    private static final int ROUNDS = 50;
    /** One-way delay on the A–B connection: B hears A's news later than C does over the direct A–C one. */
    private static final long A_B_DELAY_MILLIS = 30;

    private final List<DelayingRelay> relays = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeRelays() throws IOException {
        for (DelayingRelay relay : relays) {
            relay.close();
        }
    }

    private int dial(MeshLayout.Connection connection, int listenerPort) {
        if (!(connection.listener().equals("A") && connection.connector().equals("B"))) {
            return listenerPort;
        }
        try {
            DelayingRelay relay = new DelayingRelay(listenerPort, A_B_DELAY_MILLIS);
            relays.add(relay);
            return relay.port();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each round a new server on a new service address, then a new client: the address becomes known at C while
     * the client's sender waits for credit, and its first request leaves at once. Every request must be accepted
     * and answered, never released by a router on the way that has not yet heard of the address.
     */
    @Test
    void everyNewClientsFirstRequestIsAnsweredWhileItsServiceIsStillBeingAdvertised() throws Exception {
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.triangle(1, 1, 5), UnaryOperator.identity(),
                this::dial)) {
            mesh.awaitConverged(CONVERGE);
            MeshRoutingTest.awaitPath(mesh.router("C"), "A", "B", 2);
            MeshRoutingTest.awaitPath(mesh.router("A"), "C", "B", 2);

            List<String> failures = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                String failure = round(mesh, "rr.mesh.service." + round, "request-" + round);
                if (failure != null) {
                    failures.add("round " + round + ": " + failure);
                }
            }
            assertThat(failures).as("rounds out of %d whose request was not answered", ROUNDS).isEmpty();
        }
    }

    /** One server and one client; null when the request was accepted and its reply arrived, else what went wrong. */
    private static String round(EmbeddedMesh mesh, String service, String requestId) throws Exception {
        try (RpcPeers.Server server = new RpcPeers.Server(mesh.router("A").port(), service)) {
            server.ready.get(WAIT_SECONDS, TimeUnit.SECONDS);
            try (RpcPeers.Client client = new RpcPeers.Client(mesh.router("C").port(), service, requestId)) {
                DeliveryState outcome = client.outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
                if (!(outcome instanceof Accepted)) {
                    return "request " + outcome;
                }
                Object correlation = client.reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
                if (!requestId.equals(correlation)) {
                    return "reply correlated to " + correlation;
                }
                if (!server.failedReplies.isEmpty() || !server.problems().isEmpty() || !client.problems().isEmpty()) {
                    return "replies " + server.failedReplies + ", problems " + server.problems() + " "
                            + client.problems();
                }
                return null;
            } catch (TimeoutException | ExecutionException e) {
                return "no outcome or reply within " + WAIT_SECONDS + " s: " + e;
            }
        }
    }
}
