package org.jrouterd.systemtests.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrouterd.systemtests.launch.ChildProcess;

/**
 * Small Python Proton clients that the stock examples do not offer, run with {@code /usr/bin/python3} (as
 * {@link org.jrouterd.systemtests.python.ProtonPython} runs the examples): each script is written into the test's
 * folder next to its output, so a failed run can be repeated by hand.
 *
 * <p>Threads: the test thread.
 */
enum ProtonScript {

    /**
     * {@code credit_sender.py URL ADDRESS WINDOW}: an unsettled sender that sends whenever it has credit and
     * fewer than WINDOW deliveries unsettled, and every 50 ms prints {@code status at=<epoch seconds> credit=..
     * sent=.. accepted=.. released=.. modified=.. rejected=.. unsettled=..}.
     */
    CREDIT_SENDER("credit_sender.py", """
            import sys, time
            from proton import Message
            from proton.handlers import MessagingHandler
            from proton.reactor import Container

            class Sender(MessagingHandler):
                def __init__(self, url, address, window):
                    super().__init__(auto_settle=True)
                    self.url, self.address, self.window = url, address, window
                    self.sent = self.accepted = self.released = self.modified = self.rejected = 0
                    self.sender = None

                def unsettled(self):
                    return self.sent - self.accepted - self.released - self.modified - self.rejected

                def on_start(self, event):
                    self.sender = event.container.create_sender(event.container.connect(self.url), self.address)
                    event.container.schedule(0.05, self)

                def on_timer_task(self, event):
                    print("status at=%.3f credit=%d sent=%d accepted=%d released=%d modified=%d rejected=%d"
                          " unsettled=%d" % (time.time(), self.sender.credit, self.sent, self.accepted,
                                             self.released, self.modified, self.rejected, self.unsettled()),
                          flush=True)
                    event.container.schedule(0.05, self)

                def on_sendable(self, event):
                    self.pump()

                def pump(self):
                    while self.sender.credit > 0 and self.unsettled() < self.window:
                        self.sender.send(Message(body="credit %d" % self.sent, properties={"seq": self.sent}))
                        self.sent += 1

                def on_accepted(self, event):
                    self.accepted += 1
                    self.pump()

                def on_rejected(self, event):
                    self.rejected += 1
                    self.pump()

                def on_released(self, event):
                    if event.delivery.remote_state == event.delivery.MODIFIED:
                        self.modified += 1
                    else:
                        self.released += 1
                    self.pump()

            Container(Sender(sys.argv[1], sys.argv[2], int(sys.argv[3]))).run()
            """),

    /**
     * {@code holding_receiver.py URL ADDRESS ACCEPT HOLD}: a receiver (credit window 10) that accepts the first
     * ACCEPT messages, leaves the next HOLD unsettled, then detaches its link (printing
     * {@code detaching at=<epoch seconds> accepted=.. held=..}, then
     * {@code detached} when the router has answered) and closes the connection.
     */
    HOLDING_RECEIVER("holding_receiver.py", """
            import sys, time
            from proton.handlers import MessagingHandler
            from proton.reactor import Container

            class Receiver(MessagingHandler):
                def __init__(self, url, address, accept, hold):
                    super().__init__(prefetch=10, auto_accept=False)
                    self.url, self.address, self.accept, self.hold = url, address, accept, hold
                    self.received = 0

                def on_start(self, event):
                    event.container.create_receiver(event.container.connect(self.url), self.address)

                def on_link_opened(self, event):
                    if event.receiver:
                        print("attached", flush=True)

                def on_message(self, event):
                    self.received += 1
                    if self.received <= self.accept:
                        event.delivery.update(event.delivery.ACCEPTED)
                        event.delivery.settle()
                    if self.received == self.accept + self.hold:
                        print("detaching at=%.3f accepted=%d held=%d" % (time.time(), self.accept, self.hold),
                              flush=True)
                        event.receiver.close()

                def on_link_closed(self, event):
                    print("detached", flush=True)
                    event.connection.close()

            Container(Receiver(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))).run()
            """);

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Map<String, String> ENV = Map.of("PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1");

    private final String file;
    private final String text;

    ProtonScript(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Writes the script into {@code folder} and starts it; its output goes to {@code <folder>/<name>.out}. */
    ChildProcess start(String name, Path folder, String... args) {
        Path script = folder.resolve(file);
        try {
            Files.writeString(script, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, ENV, folder, folder.resolve(name + ".out"));
    }
}
