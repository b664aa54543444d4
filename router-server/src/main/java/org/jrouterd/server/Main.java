package org.jrouterd.server;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.engine.FatalErrors;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.mgmt.config.ConfigParser;
import org.jrouterd.mgmt.config.ParsedConfig;
import org.jrouterd.server.config.ConfiguredRouter;
import org.jrouterd.server.config.ListenerProbe;
import org.jrouterd.server.logging.LogConfigurator;
import org.jrouterd.transport.server.ListenerBindException;
import org.jrouterd.transport.server.ListenerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jrouterd} daemon, with qdrouterd's command line. It reads {@code -c FILE}, else
 * {@code /etc/qpid-dispatch/qdrouterd.conf} when present, else its built-in default (one listener on
 * {@code 127.0.0.1:5672}). SIGTERM and SIGINT close every connection and exit 0. Exit codes: 0 clean stop (or
 * {@code --check} passed), 1 cannot start (e.g. port taken), 2 bad configuration or usage ({@code file:line:
 * message} on stderr, never a stack trace), {@value FatalErrors#EXIT_STATUS} a fatal error while running (an
 * {@link OutOfMemoryError} or other {@link VirtualMachineError}, the core thread or an event loop dying; see
 * {@link ExitProcess}) or a stop that did not finish within {@value #STOP_TIMEOUT_SECONDS} s of SIGTERM. With
 * {@code -XX:+ExitOnOutOfMemoryError} (set by {@code bin/jrouterd}) the JVM itself exits with 3 on running out of
 * heap, before jrouterd sees the error.
 *
 * <p>Threads: {@code main} starts the router and waits; the JVM's shutdown-hook thread stops it.
 */
@Command(name = "jrouterd", sortOptions = false,
        description = "A pure-Java AMQP 1.0 router, a drop-in for Apache Qpid Dispatch Router (qdrouterd).")
public final class Main implements Callable<Integer> {

    static final Path DEFAULT_CONFIG = Path.of("/etc/qpid-dispatch/qdrouterd.conf");
    /** How long SIGTERM waits for the router to stop before it halts the process with a non-zero status. */
    static final int STOP_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (qdrouterd.conf format, or .json). Default: " + "/etc/qpid-dispatch/"
                    + "qdrouterd.conf when present, otherwise a listener on 127.0.0.1:5672.")
    private Path config;

    @Option(names = {"-I", "--include"}, paramLabel = "DIR",
            description = "qdrouterd's Python include path; accepted for compatibility and ignored.")
    private Path include;

    @Option(names = {"-d", "--daemon"}, description = "Run in the background once the router is listening.")
    private boolean daemon;

    @Option(names = {"-P", "--pidfile"}, paramLabel = "FILE", description = "Write the process id to FILE.")
    private Path pidFile;

    @Option(names = {"-U", "--user"}, paramLabel = "USER",
            description = "Run as USER. A JVM cannot change its user: it must already be USER (systemd User=).")
    private String user;

    @Option(names = "--check", description = "Validate the configuration file and exit (0 valid, 2 not).")
    private boolean check;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "jrouterd extension: add a listener (repeatable; port 0 picks a free port and logs it).")
    private List<String> listen = new ArrayList<>();

    @Option(names = "--id", description = "jrouterd extension: router id (overrides the file's router id).")
    private String id;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "jrouterd extension: I/O event loops (overrides workerThreads).")
    private Integer ioThreads;

    @Option(names = "--message-memory", paramLabel = "MIB",
            description = "jrouterd extension: MiB of messages in flight the router may hold before it pushes back "
                    + "on producers (default: a quarter of the JVM's maximum heap).")
    private Long messageMemoryMib;

    @Option(names = "--write-timeout", paramLabel = "SECONDS",
            description = "jrouterd extension: close a connection whose peer takes none of the bytes the router "
                    + "has for it for this long (default 60; 0 disables).")
    private Integer writeTimeoutSeconds;

    @Option(names = "--daemon-ready-file", hidden = true)
    private Path readyFile;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    private boolean help;

    private final PrintStream err;

    public Main() {
        this(System.err);
    }

    Main(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.err));
    }

    /**
     * Runs the command line and returns the exit code; messages for the user go to {@code err}. With a valid
     * configuration and no {@code --check} this blocks while the router runs.
     */
    static int execute(String[] args, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Main(err)).setCommandName("jrouterd")
                .setExecutionStrategy(new CommandLine.RunLast());
        commandLine.getCommandSpec().versionProvider(new Version());
        commandLine.setParameterExceptionHandler((e, a) -> {
            err.println("jrouterd: " + e.getMessage());
            err.println("Try 'jrouterd --help'.");
            return 2;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (user != null && !user.equals(System.getProperty("user.name"))) {
            err.println("jrouterd: cannot switch to user '" + user + "' from a JVM; start jrouterd as that "
                    + "user (for example with systemd's User=" + user + ")");
            return 1;
        }
        ConfiguredRouter configured;
        List<String> warnings = new ArrayList<>();
        try {
            configured = configure(warnings);
            if (check) {
                ListenerProbe.check(configured.listeners(), warnings);
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("jrouterd: " + e.getMessage());
            return 2;
        }
        if (check) {
            for (String warning : warnings) {
                err.println("warning: " + warning);
            }
            System.out.println((configFile().map(Path::toString).orElse("built-in default")) + ": OK");
            return 0;
        }
        if (daemon) {
            return DaemonLauncher.launch();
        }
        if (!configured.logSettings().isEmpty() || configured.timestampsInUtc()) {
            try {
                LogConfigurator.apply(configured.logSettings(), configured.timestampsInUtc());
            } catch (IllegalStateException e) {
                err.println("jrouterd: " + e.getMessage());
                return 2;
            }
        }
        for (String warning : warnings) {
            LOG.warn("{}", warning);
        }
        return run(configured.builder());
    }

    /** For tests: the configuration the arguments would start, with {@code warnings} filled in. */
    static ConfiguredRouter configuredFor(String[] args, List<String> warnings) throws ConfigException {
        Main main = new Main(System.err);
        new CommandLine(main).parseArgs(args);
        return main.configure(warnings);
    }

    private Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        return Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty();
    }

    /**
     * Everything the start and {@code --check} share: the file parsed and checked, its entities applied, the
     * command-line overrides, and the warnings (deprecated or ignored attributes, no listener), collected so that
     * each is shown once: printed by {@code --check}, logged by the start once its log outputs are set up. No
     * file is the same as an empty one (qdrouterd's defaults, one listener on 127.0.0.1:5672).
     */
    private ConfiguredRouter configure(List<String> warnings) throws ConfigException {
        Optional<Path> file = configFile();
        ConfigParser parser = new ConfigParser();
        ParsedConfig parsed = file.isPresent() ? parser.load(file.get(), ConfigParser.Mode.RUN)
                : parser.load("built-in default", "", Path.of(""), ConfigParser.Mode.RUN);
        warnings.addAll(parsed.warnings());
        ConfiguredRouter configured = ConfiguredRouter.from(parsed.creates());
        Router.Builder builder = configured.builder();
        if (id != null) {
            builder.id(id);
        }
        if (messageMemoryMib != null) {
            builder.messageMemory(messageMemoryMib * 1024 * 1024);
        }
        if (writeTimeoutSeconds != null) {
            builder.writeTimeout(java.time.Duration.ofSeconds(writeTimeoutSeconds));
        }
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        if (file.isEmpty() && listen.isEmpty()) {
            listen.add("127.0.0.1:5672");
        }
        for (String hostPort : listen) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--listen wants HOST:PORT, got '" + hostPort + "'");
            }
            ListenerSpec spec;
            try {
                spec = ListenerSpec.defaults(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen port is not a number in '" + hostPort + "'");
            }
            builder.listener(spec);
            configured.listeners().add(new ConfiguredRouter.ConfiguredListener(spec, null, null));
        }
        if (configured.listenerCount() == 0 && listen.isEmpty()) {
            warnings.add(file.map(Path::toString).orElse("built-in default")
                    + ": the configuration has no listener: nothing can connect to this router");
        }
        return configured;
    }

    private int run(Router.Builder builder) {
        Router router;
        try {
            router = builder.fatalErrorReaction(new ExitProcess(this::deletePidFile)).start();
        } catch (ListenerBindException e) {
            LOG.error("{}", e.getMessage());
            err.println("jrouterd: " + e.getMessage());
            return 1;
        }
        try {
            writePidFile();
        } catch (IOException e) {
            err.println("jrouterd: cannot write pid file " + pidFile + ": " + e.getMessage());
            router.close();
            return 1;
        }
        LOG.debug("Router {} started", router.id());
        CountDownLatch stopped = new CountDownLatch(1);
        // Created now, started by the hook: a JVM short of memory may not manage to create a thread then.
        Thread stopper = new Thread(() -> {
            LOG.info("Router {} stopping", router.id());
            router.close();
            deletePidFile();
            stopped.countDown();
        }, "jrouterd-stop");
        stopper.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopWithin(stopper), "jrouterd-shutdown"));
        signalReady();
        FatalErrorInjection.injectIfAsked(router);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The shutdown hook (SIGTERM, SIGINT): stops the router on {@code stopper} and halts with 0, or with
     * {@value FatalErrors#EXIT_STATUS} when the stop does not finish within {@value #STOP_TIMEOUT_SECONDS} s, so
     * that a broken router can never ignore SIGTERM. Halting, because SIGTERM runs this hook inside the JVM's exit
     * sequence, which would end with 128+signal; log output is written synchronously, so nothing is lost.
     */
    private static void stopWithin(Thread stopper) {
        int status = FatalErrors.EXIT_STATUS;
        try {
            stopper.start();
            stopper.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            if (stopper.isAlive()) {
                LOG.error("jrouterd did not stop within {} s of the signal; exiting with status {}",
                        STOP_TIMEOUT_SECONDS, status);
            } else {
                status = 0;
            }
        } catch (Throwable e) {
            try {
                LOG.error("jrouterd could not stop cleanly ({}); exiting with status {}", e, status);
            } catch (Throwable ignored) {
                // Out of memory even for logging: exit all the same.
            }
        } finally {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }
    }

    private void writePidFile() throws IOException {
        if (pidFile != null) {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        }
    }

    private void deletePidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.warn("cannot delete pid file {}: {}", pidFile, e.getMessage());
            }
        }
    }

    /** Tells a waiting {@code -d} parent that the router is listening. */
    private void signalReady() {
        if (readyFile != null) {
            try {
                Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                LOG.warn("cannot tell the launching process that the router is ready: {}", e.getMessage());
            }
        }
    }

    /**
     * {@code -d}: a JVM cannot fork, so the daemon is a second JVM started in its own session ({@code setsid})
     * with the same arguments minus {@code -d}, its standard streams detached (log to a file or syslog with a
     * {@code log} section); this process waits until it listens, then exits 0 (or with the child's exit code if
     * it fails to start).
     */
    static final class DaemonLauncher {

        private DaemonLauncher() {
        }

        static int launch() {
            ProcessHandle.Info info = ProcessHandle.current().info();
            if (info.command().isEmpty() || info.arguments().isEmpty()) {
                System.err.println("jrouterd: -d needs to know how this JVM was started, and it cannot");
                return 1;
            }
            try {
                Path ready = Files.createTempFile("jrouterd-ready", ".pid");
                Files.delete(ready);
                List<String> command = new ArrayList<>();
                if (new File("/usr/bin/setsid").canExecute()) {
                    command.add("/usr/bin/setsid");
                }
                command.add(info.command().get());
                for (String argument : info.arguments().get()) {
                    if (!argument.equals("-d") && !argument.equals("--daemon")) {
                        command.add(argument);
                    }
                }
                command.add("--daemon-ready-file");
                command.add(ready.toString());
                Process child = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    if (Files.exists(ready) && Files.size(ready) > 0) {
                        Files.deleteIfExists(ready);
                        return 0;
                    }
                    if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
                        System.err.println("jrouterd: the daemon exited with code " + child.exitValue()
                                + " before it was ready; run without -d (or see the log file) for the reason");
                        return child.exitValue() == 0 ? 1 : child.exitValue();
                    }
                }
                System.err.println("jrouterd: the daemon did not report ready within 60 s; stopping it");
                child.destroy();
                return 1;
            } catch (IOException e) {
                System.err.println("jrouterd: cannot start the daemon: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jrouterd " + (version == null ? "(development build)" : version)};
        }
    }
}
