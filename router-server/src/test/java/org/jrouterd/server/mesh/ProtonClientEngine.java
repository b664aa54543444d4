package org.jrouterd.server.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * An AMQP client connection on proton-j's engine (Transport, Connection, Collector; SASL ANONYMOUS) over a real
 * socket, driven event by event as Python Proton's reactor drives its handlers: every engine event goes to the
 * handler given, which reacts at once (attach a link when another opens, send when credit arrives). Tests use it
 * where a JMS client hides the order of link attaches and sends.
 *
 * <p>Threads: the engine runs on one thread of its own; the handler is called there. Other threads reach the
 * engine only through {@link #post}.
 */
final class ProtonClientEngine implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Consumer<Connection>> tasks = new ConcurrentLinkedQueue<>();
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final Consumer<Event> handler;
    private final CopyOnWriteArrayList<String> problems = new CopyOnWriteArrayList<>();
    private boolean inputClosed;
    private volatile boolean running = true;

    private ProtonClientEngine(int port, String containerId, Consumer<Event> handler) throws IOException {
        this.handler = handler;
        this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        connection.collect(collector);
        connection.setContainer(containerId);
        connection.setHostname("127.0.0.1");
        transport.bind(connection);
        this.thread = new Thread(this::run, "proton-client-" + containerId);
        thread.setDaemon(true);
    }

    /**
     * Connects to a router's client port and opens the connection; {@code start} then runs on the engine thread
     * (to create the first links), and every event goes to {@code handler}.
     */
    static ProtonClientEngine open(int port, String containerId, Consumer<Event> handler,
                                   Consumer<Connection> start) {
        try {
            ProtonClientEngine engine = new ProtonClientEngine(port, containerId, handler);
            engine.post(connection -> {
                connection.open();
                start.accept(connection);
            });
            engine.thread.start();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any thread: runs {@code task} on the engine thread. */
    void post(Consumer<Connection> task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Anything that went wrong on the engine thread. */
    CopyOnWriteArrayList<String> problems() {
        return problems;
    }

    /** Closes the AMQP connection, then the socket. */
    @Override
    public void close() {
        if (running) {
            post(c -> {
                if (c.getLocalState() != EndpointState.CLOSED) {
                    c.close();
                }
                writeOutput();
                running = false;
            });
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(50);
                selector.selectedKeys().clear();
                Consumer<Connection> task;
                while (running && (task = tasks.poll()) != null) {
                    task.accept(connection);
                }
                if (!running) {
                    break;
                }
                readInput();
                transport.tick(System.currentTimeMillis());
                processEvents();
                writeOutput();
            }
        } catch (Throwable t) {
            problems.add("engine failed: " + t);
        }
    }

    private void readInput() throws IOException {
        while (!inputClosed && channel.isOpen()) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                return;
            }
            int n = channel.read(transport.tail());
            if (n < 0) {
                inputClosed = true;
                transport.close_tail();
                return;
            }
            if (n == 0) {
                return;
            }
            transport.process();
            processEvents();
        }
    }

    private void processEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                problems.add(event.getType() + ": " + e);
            } finally {
                collector.pop();
            }
        }
    }

    private void writeOutput() {
        try {
            while (channel.isOpen()) {
                if (transport.pending() <= 0) {
                    break;
                }
                ByteBuffer head = transport.head();
                int n = channel.write(head);
                if (n <= 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                transport.pop(n);
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            problems.add("write: " + e);
            running = false;
        }
    }
}
