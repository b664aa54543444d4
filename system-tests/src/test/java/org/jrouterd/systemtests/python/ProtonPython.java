package org.jrouterd.systemtests.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;

/**
 * The system's Python with Qpid Proton and the stock Proton examples, run unchanged. Always
 * {@code /usr/bin/python3} (the Debian packages install Proton for it), never whatever {@code python3} is first
 * on the PATH. Output is unbuffered so a test sees each line as it is printed.
 */
public final class ProtonPython {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path EXAMPLES = Path.of("/usr/share/proton/examples/python");
    /** The requests the stock {@code client.py} sends, in order ({@code server.py} answers them upper-cased). */
    static final List<String> CLIENT_REQUESTS = List.of(
            "Twas brillig, and the slithy toves",
            "Did gire and gymble in the wabe.",
            "All mimsy were the borogroves,",
            "And the mome raths outgrabe.");
    /** What {@code client.py} prints for its requests when {@code server.py} answers them. */
    static final List<String> CLIENT_REPLIES = CLIENT_REQUESTS.stream()
            .map(request -> request + " => " + request.toUpperCase(Locale.ROOT)).toList();
    static final String INSTALL = "install the Debian packages python3-qpid-proton and libqpid-proton11-dev-examples"
            + " (apt-get install python3-qpid-proton libqpid-proton11-dev-examples)";

    private static final Map<String, String> ENV = Map.of("PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1");

    private ProtonPython() {
    }

    /** Fails, saying what to install, unless {@code /usr/bin/python3} imports proton and the examples exist. */
    public static void requireInstalled(Path folder, String... examples) {
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing: " + INSTALL);
        }
        try (ChildProcess check = ChildProcess.start("python3 import proton",
                List.of(PYTHON.toString(), "-c", "import proton; print('proton', proton.VERSION)"),
                ENV, Jrouterd.home(), folder.resolve("python-proton-check.out"))) {
            int code = check.awaitExit(Duration.ofSeconds(30));
            if (code != 0) {
                throw check.failure(PYTHON + " cannot import proton: " + INSTALL);
            }
        }
        for (String example : examples) {
            if (!Files.isReadable(EXAMPLES.resolve(example))) {
                throw new AssertionError(EXAMPLES.resolve(example) + " is missing: " + INSTALL);
            }
        }
    }

    /** Starts {@code /usr/bin/python3 <examples>/<script> <args...>}; output in {@code <folder>/<name>.out}. */
    public static ChildProcess example(String name, Path folder, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), EXAMPLES.resolve(script).toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, ENV, EXAMPLES, folder.resolve(name + ".out"));
    }

    /**
     * Starts an example that connects to a hard-coded {@code from} URL (helloworld.py: "localhost:5672", no
     * option) so that it connects to {@code to} instead, without changing the file: a small bootstrap wraps
     * {@code Container.connect} to swap exactly that URL, then runs the script as {@code __main__} with runpy.
     * Any other URL is refused, so a changed example fails loudly rather than reaching some other server.
     */
    static ChildProcess exampleRedirected(String name, Path folder, String script, String from, String to) {
        String bootstrap = String.join("\n",
                "import runpy, sys",
                "from proton.reactor import Container",
                "script, expected, actual = sys.argv[1:4]",
                "connect = Container.connect",
                "def redirected(self, url=None, *args, **kwargs):",
                "    if url != expected:",
                "        sys.exit('system-tests: %s connects to %r, not %r' % (script, url, expected))",
                "    return connect(self, actual, *args, **kwargs)",
                "Container.connect = redirected",
                "sys.argv = [script]",
                "runpy.run_path(script, run_name='__main__')");
        List<String> command = List.of(PYTHON.toString(), "-c", bootstrap,
                EXAMPLES.resolve(script).toString(), from, to);
        return ChildProcess.start(name, command, ENV, EXAMPLES, folder.resolve(name + ".out"));
    }

    /**
     * Stops {@code server.py} and returns the lines in which it reported a request it received. It printed each
     * request before answering it, but this JVM reads its output on another thread: only the end of its output
     * guarantees every line is in.
     */
    static List<String> requestsReceived(ChildProcess server, Duration timeout) {
        server.terminate();
        server.awaitExit(timeout);
        return server.output().lines().stream().filter(line -> line.startsWith("Received ")).toList();
    }

    /** The sequence numbers {@code simple_recv.py} printed, in order. */
    static List<Integer> sequenceNumbers(List<String> lines) {
        Pattern sequence = Pattern.compile("^\\{'sequence': (\\d+)\\}$");
        return lines.stream().map(sequence::matcher).filter(Matcher::matches)
                .map(matcher -> Integer.parseInt(matcher.group(1))).toList();
    }
}
