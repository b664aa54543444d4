package org.jrouterd.server.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between a connector and a listener that a test can sever: {@link #freeze()} stops
 * passing bytes while every socket stays open (a silent network partition: only missing HELLOs tell the routers),
 * {@link #cut()} resets every socket. Plain blocking sockets, two threads per relayed connection.
 *
 * <p>Threads: its own daemon threads; {@link #freeze()}, {@link #cut()} and {@link #close()} from any thread.
 */
final class CuttableRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    CuttableRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops relaying: bytes are no longer passed on, and no new connection is relayed. */
    void freeze() {
        frozen = true;
    }

    /** Resets every relayed connection at once. */
    void cut() {
        frozen = true;
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                if (frozen) {
                    in.close();
                    continue;
                }
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
                int n;
                while ((n = input.read(buffer)) >= 0) {
                    if (frozen) {
                        // A partition: hold the sockets open and drop what arrives.
                        continue;
                    }
                    output.write(buffer, 0, n);
                    output.flush();
                }
            } catch (IOException ignored) {
                // the other side went away or the relay was cut
            } finally {
                try {
                    if (!frozen) {
                        to.close();
                    }
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-" + from.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
