package org.jrouterd.benchmarks.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jrouterd.server.Router;

/**
 * Runs in a child JVM whose class path is the shaded {@code router-embedded} jar, slf4j-api and this class: starts
 * {@code rounds} listeners one after the other ({@code router}: an embedded router on 127.0.0.1 port 0;
 * {@code socket}: a plain {@link ServerSocket}, the baseline), and for each, times from just before the start until
 * a client connected and got the listener's answer (the router's AMQP protocol header; the socket's one byte).
 * Prints {@code jvm-to-main <ms>} once, then {@code start <ms>} per round, on stdout.
 *
 * <p>Threads: the main thread; for the socket baseline, one thread answers.
 */
public final class StartProbe {

    private static final byte[] AMQP_HEADER = "AMQP\0\1\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private StartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainMillis = System.currentTimeMillis();
        System.out.println("jvm-to-main " + (mainMillis - ManagementFactory.getRuntimeMXBean().getStartTime()));
        String kind = args[0];
        int rounds = Integer.parseInt(args[1]);
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            if (kind.equals("router")) {
                try (Router router = Router.builder().listener("127.0.0.1", 0).start()) {
                    answer(router.port(), AMQP_HEADER);
                    report(start);
                }
            } else {
                try (ServerSocket server = new ServerSocket()) {
                    server.bind(new InetSocketAddress("127.0.0.1", 0));
                    Thread answering = new Thread(() -> answerOne(server), "answer");
                    answering.start();
                    answer(server.getLocalPort(), new byte[] {1});
                    report(start);
                    answering.join();
                }
            }
        }
    }

    private static void report(long startNanos) {
        System.out.printf("start %.3f%n", (System.nanoTime() - startNanos) / 1e6);
    }

    /** Connects and reads what a listener says first (sending it the same, for AMQP). */
    private static void answer(int port, byte[] expected) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            if (expected.length > 1) {
                out.write(expected);
                out.flush();
            }
            InputStream in = socket.getInputStream();
            byte[] got = in.readNBytes(expected.length);
            if (!Arrays.equals(got, expected)) {
                throw new IOException("unexpected answer " + Arrays.toString(got));
            }
        }
    }

    private static void answerOne(ServerSocket server) {
        try (Socket accepted = server.accept()) {
            accepted.getOutputStream().write(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
