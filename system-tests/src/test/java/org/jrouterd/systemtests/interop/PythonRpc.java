package org.jrouterd.systemtests.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;

/**
 * Request/reply with Python Proton ({@code /usr/bin/python3}, Debian's python3-qpid-proton), as the proton
 * {@code server.py}/{@code client.py} examples do it but made to survive router restarts: a server that answers
 * through an anonymous sender to each request's reply-to, and a client whose reply-to is a dynamic receiver's
 * address ({@code _topo/0/<router>/temp.*}), both moving to the next router of their list when their connection
 * drops. Qpid JMS cannot be the client: its temporary queues are a dynamic <em>target</em>, not a dynamic source.
 *
 * <p>The server accepts a request only when its reply was accepted by the client, so an accepted request always
 * had its reply delivered; the client re-sends what comes back released, modified or rejected, and what had no
 * reply when its connection dropped. Both print one line per event, ending with {@code time.monotonic_ns()}
 * (CLOCK_MONOTONIC, the clock of {@link System#nanoTime()} on Linux), which {@link Client} reads.
 *
 * <p>Threads: the test thread.
 */
final class PythonRpc {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT_NAME = "rpc_peer.py";
    private static final Map<String, String> ENV = Map.of("PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1");

    private PythonRpc() {
    }

    /** Starts the server for requests to {@code address}, on the routers' client ports {@code ports} in turn. */
    static ChildProcess server(Path folder, String address, int... ports) {
        List<String> args = new ArrayList<>(List.of("server", "--address", address));
        args.addAll(urls(ports));
        ChildProcess server = start(folder, "rpc-server", args);
        server.awaitLine("the RPC server connected", line -> line.startsWith("connected "), Duration.ofSeconds(30));
        return server;
    }

    /**
     * Starts a client that sends requests to {@code address} at {@code rate} a second, at most {@code window}
     * without a reply, on the routers' client ports {@code ports} in turn.
     */
    static Client client(Path folder, String address, int rate, int window, int... ports) {
        List<String> args = new ArrayList<>(List.of("client", "--address", address, "--rate",
                Integer.toString(rate), "--window", Integer.toString(window)));
        args.addAll(urls(ports));
        return new Client(start(folder, "rpc-client", args));
    }

    private static List<String> urls(int... ports) {
        return Arrays.stream(ports).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.toList());
    }

    private static ChildProcess start(Path folder, String name, List<String> args) {
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing: install python3-qpid-proton");
        }
        Path script = folder.resolve(SCRIPT_NAME);
        try {
            Files.writeString(script, SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(args);
        return ChildProcess.start(name, command, ENV, Jrouterd.home(), folder.resolve(name + ".out"));
    }

    /** The running client: its replies as they come, and at the end what it did. */
    static final class Client implements AutoCloseable {

        private final ChildProcess process;

        private Client(ChildProcess process) {
            this.process = process;
        }

        /** The client's process (its output file, for messages). */
        ChildProcess process() {
            return process;
        }

        /** Waits for a reply that arrives at or after {@code nanoTime}; returns when it arrived. */
        long awaitReplyAfter(String what, long nanoTime, Duration timeout) {
            String line = process.awaitLine(what, text -> text.startsWith("reply ") && time(text) - nanoTime >= 0,
                    timeout);
            return time(line);
        }

        /** When each reply arrived ({@link System#nanoTime()} scale), in order, duplicates left out. */
        List<Long> replyTimes() {
            return events("reply").stream().map(PythonRpc::time).collect(Collectors.toList());
        }

        /** The lines of one event kind so far. */
        List<String> events(String event) {
            return process.output().lines().stream().filter(line -> line.startsWith(event + " "))
                    .collect(Collectors.toList());
        }

        /**
         * Sends SIGTERM (no new requests) and waits until the client has every reply and exits 0; returns what
         * it did.
         */
        Record finish(Duration timeout) {
            process.terminate();
            process.awaitLine("the RPC client's 'done' (every request answered)", line -> line.startsWith("done "),
                    timeout);
            process.awaitExitCode(0, timeout);
            return new Record(process.output().lines());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** What a finished client did, read from its lines. */
    record Record(int requests, int answered, int duplicates, int resent, List<Integer> acceptedUnanswered,
                  Map<String, Long> outcomes) {

        Record(List<String> lines) {
            this(requests(lines), count(lines, "reply"), count(lines, "duplicate"), resent(lines),
                    lines.stream().filter(line -> line.startsWith("accepted ") && line.contains(" unanswered "))
                            .map(line -> Integer.parseInt(line.split(" ")[1])).collect(Collectors.toList()),
                    lines.stream().map(line -> line.split(" ")[0]).filter(event -> List.of("accepted", "released",
                                    "modified", "rejected", "settled-without-outcome").contains(event))
                            .collect(Collectors.groupingBy(event -> event, TreeMap::new,
                                    Collectors.counting())));
        }

        private static int requests(List<String> lines) {
            return lines.stream().filter(line -> line.startsWith("done ")).findFirst()
                    .map(line -> Integer.parseInt(line.split(" ")[1]))
                    .orElseThrow(() -> new AssertionError("the client did not finish"));
        }

        private static int count(List<String> lines, String event) {
            return (int) lines.stream().filter(line -> line.startsWith(event + " ")).count();
        }

        private static int resent(List<String> lines) {
            return (int) lines.stream().filter(line -> line.startsWith("sent "))
                    .filter(line -> Integer.parseInt(line.split(" ")[2]) > 1).count();
        }
    }

    /** The CLOCK_MONOTONIC nanoseconds that end an event line. */
    static long time(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The Python peer; written next to the logs of each test that runs it. */
    private static final String SCRIPT = """
            # Request/reply over a router mesh with failover, for jrouterd's interop tests (RollingMigrationTest).
            #
            # server URL... --address A: answers each request on A through an anonymous sender to its reply-to;
            #     accepts a request only once its reply is accepted, and releases it when the reply comes back
            #     released, modified or rejected (so an accepted request always had its reply delivered).
            # client URL... --address A --rate R --window W: sends numbered requests (at most R a second, at most
            #     W without a reply) with a dynamic reply-to; re-sends a request that comes back released, modified
            #     or rejected, and every request without a reply when its connection drops. On SIGTERM it sends no
            #     new requests and exits once every request has its reply.
            # Both move to the next URL (round robin, every 50 ms) when their connection drops, and attach their
            # links again there. Every event is one line: "<event> <seq> ... <CLOCK_MONOTONIC ns>".

            import signal
            import sys
            import time
            from collections import deque

            from proton import Delivery, Message
            from proton.handlers import MessagingHandler
            from proton.reactor import Container

            TICK = 0.01
            RECONNECT_DELAY = 0.05


            def say(*words):
                print(*words, time.monotonic_ns(), flush=True)


            class Peer(MessagingHandler):
                # Connects to urls in turn; subclasses attach their links in attach() and forget them in detached().

                def __init__(self, urls, **kwargs):
                    super().__init__(**kwargs)
                    self.urls = urls
                    self.attempt = 0
                    self.conn = None
                    self.container = None

                def on_start(self, event):
                    self.container = event.container
                    self.connect()

                def connect(self):
                    url = self.urls[self.attempt % len(self.urls)]
                    self.attempt += 1
                    self.conn = self.container.connect(url, reconnect=False)
                    say('connecting', url)

                def on_connection_opened(self, event):
                    if event.connection == self.conn:
                        say('connected', self.conn.hostname)
                        self.attach(self.conn)

                def on_disconnected(self, event):
                    if event.connection == self.conn:
                        say('disconnected', self.conn.hostname)
                        self.conn = None
                        self.detached()
                        self.container.schedule(RECONNECT_DELAY, self)

                def on_timer_task(self, event):
                    if self.conn is None:
                        self.connect()


            class Server(Peer):
                def __init__(self, urls, address, window):
                    super().__init__(urls, prefetch=window, auto_accept=False)
                    self.address = address
                    self.receiver = None
                    self.sender = None
                    self.backlog = deque()
                    self.waiting = {}

                def attach(self, conn):
                    self.receiver = self.container.create_receiver(conn, self.address)
                    self.sender = self.container.create_sender(conn, None)

                def detached(self):
                    self.receiver = self.sender = None
                    self.backlog.clear()
                    self.waiting.clear()

                def on_message(self, event):
                    request = event.message
                    seq = request.properties['seq']
                    say('request', seq)
                    reply = Message(address=request.reply_to, correlation_id=request.correlation_id,
                                    properties={'seq': seq}, body='reply %d' % seq)
                    self.backlog.append((reply, event.delivery))
                    self.pump()

                def on_sendable(self, event):
                    self.pump()

                def pump(self):
                    while self.backlog and self.sender is not None and self.sender.credit > 0:
                        reply, request = self.backlog.popleft()
                        self.waiting[self.sender.send(reply).tag] = (request, reply.properties['seq'])

                def on_accepted(self, event):
                    waiting = self.waiting.pop(event.delivery.tag, None)
                    if waiting is not None:
                        self.accept(waiting[0])

                def on_released(self, event):
                    modified = event.delivery.remote_state == Delivery.MODIFIED
                    self.not_delivered(event, 'modified' if modified else 'released')

                def on_rejected(self, event):
                    self.not_delivered(event, 'rejected')

                def not_delivered(self, event, outcome):
                    waiting = self.waiting.pop(event.delivery.tag, None)
                    if waiting is not None:
                        say('reply-' + outcome, waiting[1])
                        self.release(waiting[0], delivered=False)


            class Client(Peer):
                def __init__(self, urls, address, rate, window):
                    super().__init__(urls, prefetch=2 * window, auto_accept=True)
                    self.address = address
                    self.per_tick = rate * TICK
                    self.window = window
                    self.tokens = 0.0
                    self.sender = None
                    self.receiver = None
                    self.reply_to = None
                    self.next_seq = 0
                    self.unanswered = set()
                    self.answered = set()
                    self.due = deque()
                    self.inflight = {}
                    self.attempts = {}
                    self.stopping = False
                    self.done = False

                def on_start(self, event):
                    super().on_start(event)
                    self.container.schedule(TICK, Ticker(self))

                def attach(self, conn):
                    self.sender = self.container.create_sender(conn, self.address)
                    self.receiver = self.container.create_receiver(conn, None, dynamic=True)

                def detached(self):
                    self.sender = self.receiver = self.reply_to = None
                    self.inflight.clear()
                    self.due = deque(sorted(self.unanswered))

                def on_link_opened(self, event):
                    if event.receiver is not None and event.receiver == self.receiver:
                        self.reply_to = event.receiver.remote_source.address
                        say('reply-to', self.reply_to)
                        self.pump()

                def on_sendable(self, event):
                    self.pump()

                def tick(self):
                    self.tokens = min(self.tokens + self.per_tick, float(self.window))
                    self.pump()
                    if self.stopping and not self.unanswered and not self.done:
                        self.done = True
                        say('done', self.next_seq)
                        self.container.stop()
                        return
                    self.container.schedule(TICK, Ticker(self))

                def pump(self):
                    if self.sender is None or self.reply_to is None:
                        return
                    while self.sender.credit > 0 and self.tokens >= 1:
                        if self.due:
                            seq = self.due.popleft()
                            if seq not in self.unanswered:
                                continue
                        elif not self.stopping and len(self.unanswered) < self.window:
                            seq = self.next_seq
                            self.next_seq += 1
                            self.unanswered.add(seq)
                        else:
                            return
                        request = Message(reply_to=self.reply_to, correlation_id=seq, properties={'seq': seq},
                                          body='request %d' % seq)
                        self.inflight[self.sender.send(request).tag] = seq
                        self.tokens -= 1
                        self.attempts[seq] = self.attempts.get(seq, 0) + 1
                        say('sent', seq, self.attempts[seq])

                def on_message(self, event):
                    seq = event.message.properties['seq']
                    if seq in self.answered:
                        say('duplicate', seq)
                        return
                    self.answered.add(seq)
                    self.unanswered.discard(seq)
                    say('reply', seq)

                def on_accepted(self, event):
                    seq = self.inflight.pop(event.delivery.tag, None)
                    if seq is not None:
                        say('accepted', seq, 'answered' if seq in self.answered else 'unanswered')

                def on_released(self, event):
                    self.again(event, 'modified' if event.delivery.remote_state == Delivery.MODIFIED else 'released')

                def on_rejected(self, event):
                    self.again(event, 'rejected')

                def on_settled(self, event):
                    self.again(event, 'settled-without-outcome')

                def again(self, event, outcome):
                    if not event.delivery.link.is_sender:
                        return
                    seq = self.inflight.pop(event.delivery.tag, None)
                    if seq is not None:
                        say(outcome, seq)
                        if seq in self.unanswered:
                            self.due.append(seq)


            class Ticker:
                def __init__(self, client):
                    self.client = client

                def on_timer_task(self, event):
                    self.client.tick()


            def main(argv):
                role, args = argv[1], argv[2:]
                options = {}
                urls = []
                while args:
                    if args[0].startswith('--'):
                        options[args[0][2:]] = args[1]
                        args = args[2:]
                    else:
                        urls.append(args[0])
                        args = args[1:]
                if role == 'server':
                    peer = Server(urls, options['address'], int(options.get('window', '50')))
                else:
                    peer = Client(urls, options['address'], int(options['rate']), int(options['window']))
                    signal.signal(signal.SIGTERM, lambda number, frame: setattr(peer, 'stopping', True))
                Container(peer).run()


            if __name__ == '__main__':
                main(sys.argv)
            """;
}
