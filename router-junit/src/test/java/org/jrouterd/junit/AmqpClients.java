package org.jrouterd.junit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.qpid.jms.JmsConnectionFactory;

/** Clients for the tests: Qpid JMS connections, and a bare AMQP protocol-header exchange over a socket. */
final class AmqpClients {

    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private AmqpClients() {
    }

    /**
     * A started Qpid JMS connection to {@code url} whose sends wait for the consumer's outcome (no idle time-out,
     * so that a debugger can pause a test).
     */
    static Connection jms(String url) throws JMSException {
        return connect(url + "?amqp.idleTimeout=0");
    }

    /** A started Qpid JMS connection to {@code url} whose sends return at once. */
    static Connection jmsAsyncSend(String url) throws JMSException {
        return connect(url + "?amqp.idleTimeout=0&jms.forceAsyncSend=true");
    }

    private static Connection connect(String url) throws JMSException {
        Connection connection = new JmsConnectionFactory(url).createConnection();
        connection.start();
        return connection;
    }

    /**
     * Opens a socket to {@code host:port}, sends the AMQP 1.0 protocol header and reads the router's: proof that
     * the router accepts connections and speaks AMQP, without a client library's own start-up in the way.
     */
    static void exchangeProtocolHeaders(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(AMQP_HEADER);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(AMQP_HEADER.length);
            if (!Arrays.equals(answer, AMQP_HEADER)) {
                throw new IOException("expected the AMQP 1.0 header, got '"
                        + new String(answer, StandardCharsets.ISO_8859_1) + "' " + Arrays.toString(answer));
            }
        }
    }
}
