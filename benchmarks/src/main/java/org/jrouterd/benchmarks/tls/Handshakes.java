package org.jrouterd.benchmarks.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many new connections a router takes per second: each client thread connects, (with {@code --tls-ca}) completes
 * a TLS handshake trusting that CA, sends the AMQP SASL protocol header and waits for the router's header back,
 * then closes; for {@code --seconds}. Prints one JSON line. Plain and TLS runs against the same router, alternated
 * by the calling script, give the ratio.
 *
 * <p>Threads: the main thread starts {@code --threads} client threads and waits for them; each owns its sockets.
 */
@Command(name = "handshakes", mixinStandardHelpOptions = true,
        description = "New connections per second (TCP or TLS, up to the router's AMQP header).")
public final class Handshakes implements Callable<Integer> {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    @Option(names = "--connect", required = true, description = "host:port of the router")
    String connect;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "speak TLS, trusting the CA(s) in this PEM file")
    Path tlsCa;

    @Option(names = "--seconds", description = "how long to run (default ${DEFAULT-VALUE})")
    int seconds = 10;

    @Option(names = "--threads", description = "client threads (default ${DEFAULT-VALUE})")
    int threads = 4;

    @Option(names = "--label", description = "name in the output (default ${DEFAULT-VALUE})")
    String label = "handshakes";

    public static void main(String[] args) {
        System.exit(new CommandLine(new Handshakes()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int colon = connect.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(connect.substring(0, colon),
                Integer.parseInt(connect.substring(colon + 1)));
        SSLContext tls = tlsCa == null ? null : trusting(tlsCa);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() - deadline < 0) {
                    try {
                        once(target, tls);
                        done.incrementAndGet();
                    } catch (IOException e) {
                        if (failed.incrementAndGet() == 1) {
                            System.err.println("handshakes: " + e);
                        }
                    }
                }
            }, "handshakes-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT,
                "{\"label\":\"%s\",\"tls\":%s,\"threads\":%d,\"connections\":%d,\"failed\":%d,\"perSecond\":%.1f}%n",
                label, tls != null, threads, done.get(), failed.get(), done.get() / elapsed);
        return failed.get() == 0 && done.get() > 0 ? 0 : 1;
    }

    private static void once(InetSocketAddress target, SSLContext tls) throws IOException {
        try (Socket plain = new Socket()) {
            plain.setTcpNoDelay(true);
            plain.connect(target, 5_000);
            plain.setSoTimeout(10_000);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                        target.getHostString(), target.getPort(), true);
                secure.startHandshake();
                socket = secure;
            }
            OutputStream out = socket.getOutputStream();
            out.write(SASL_HEADER);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(8);
            if (header.length != 8 || header[0] != 'A') {
                throw new IOException("no AMQP header from the router");
            }
            socket.close();
        }
    }

    private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            trust.setCertificateEntry("ca" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
