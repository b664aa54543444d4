package org.jrouterd.server.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay between a connector and a listener that delivers every byte a fixed time after it was
 * sent, in order: a slow network link (a WAN hop) between two routers of one JVM. Plain blocking sockets; per
 * direction one thread reads and stamps what arrives, another writes it when it is due.
 *
 * <p>Threads: its own daemon threads; {@link #close()} from any thread.
 */
final class DelayingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DelayingRelay(int targetPort, long delayMillis) throws IOException {
        this.targetPort = targetPort;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-accept-" + server.getLocalPort(), this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                sockets.add(in);
                sockets.add(out);
                relay(in, out);
                relay(out, in);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void relay(Socket from, Socket to) {
        DelayQueue<Chunk> due = new DelayQueue<>();
        daemon("relay-read-" + from.getLocalPort(), () -> {
            byte[] buffer = new byte[16 * 1024];
            long sequence = 0;
            try (InputStream input = from.getInputStream()) {
                int n;
                while ((n = input.read(buffer)) >= 0) {
                    due.add(new Chunk(System.nanoTime() + delayNanos, sequence++, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException ignored) {
                // the other side went away or the relay closed
            }
            due.add(new Chunk(System.nanoTime() + delayNanos, sequence, null));
        });
        daemon("relay-write-" + to.getLocalPort(), () -> {
            try (OutputStream output = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = due.take();
                    if (chunk.bytes == null) {
                        return;
                    }
                    output.write(chunk.bytes);
                    output.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the other side went away or the relay closed
            }
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
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

    /** Bytes read at one time, due at {@code dueNanos}; the sequence keeps chunks due together in order. */
    private record Chunk(long dueNanos, long sequence, byte[] bytes) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Chunk that = (Chunk) other;
            int byDue = Long.signum(dueNanos - that.dueNanos);
            return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
        }
    }
}
