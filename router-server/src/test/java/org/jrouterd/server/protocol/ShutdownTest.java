package org.jrouterd.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Open;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A router that stops closes its connections the AMQP way, not by dropping sockets. */
@Timeout(30)
class ShutdownTest {

    @Test
    void stoppingTheRouterSendsEachConnectionACloseWithConnectionForced() throws Exception {
        Router router = Router.builder().id("Stopping").ioThreads(1).listener("127.0.0.1", 0).start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Open open = new Open();
            open.setContainerId("shutdown-peer");
            out.write(RawAmqpSocket.concat(RawAmqpSocket.AMQP_HEADER, RawAmqpSocket.amqpFrame(0, open)));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (received.size() < 8) {
                int n = in.read(chunk);
                assertThat(n).as("router answered the header").isPositive();
                received.write(chunk, 0, n);
            }

            long started = System.nanoTime();
            router.close();
            assertThat((System.nanoTime() - started) / 1_000_000).as("close took ms").isLessThan(5_000);

            int n;
            while ((n = in.read(chunk)) > 0) {
                received.write(chunk, 0, n);
            }
            List<Object> frames = RawAmqpSocket.framesAfterHeader(received.toByteArray());
            assertThat(frames).hasSizeGreaterThanOrEqualTo(2);
            assertThat(frames.get(0)).isInstanceOf(Open.class);
            Object last = frames.get(frames.size() - 1);
            assertThat(last).isInstanceOf(Close.class);
            assertThat(((Close) last).getError().getCondition().toString()).isEqualTo("amqp:connection:forced");
        } finally {
            router.close();
        }
    }
}
