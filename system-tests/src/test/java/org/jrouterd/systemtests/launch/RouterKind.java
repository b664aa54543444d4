package org.jrouterd.systemtests.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which router a test process runs: jrouterd ({@code bin/jrouterd}) or Apache Qpid Dispatch Router
 * ({@code $QDROUTERD_HOME/bin/qdrouterd}, e.g. the 1.19.0 reference build). Both read the same qdrouterd-style
 * configuration file and speak the same inter-router protocol; they differ in how their logs say what they see.
 *
 * <p>Threads: immutable; any thread.
 */
public enum RouterKind {

    /** jrouterd: ROUTER_CORE logs {@code Routers reachable from <id>: [B, C]} whenever that set changes. */
    JROUTERD(Pattern.compile("Routers reachable from (\\S+): \\[(.*)\\]$"), Pattern.compile("\\s*,\\s*")),

    /**
     * qdrouterd: ROUTER_LS logs {@code Computed next hops: {'B': 'B', 'C': 'B'}} at info whenever it recomputes
     * its paths; the keys are the routers it reaches.
     */
    QDROUTERD(Pattern.compile("Computed next hops: \\{(.*)\\}$"), Pattern.compile("'([^']+)': '[^']+'"));

    /** The environment variable that names a qdrouterd installation (its folder holds {@code bin/qdrouterd}). */
    public static final String QDROUTERD_HOME = "QDROUTERD_HOME";

    private final Pattern reachableLine;
    private final Pattern reachableItem;

    RouterKind(Pattern reachableLine, Pattern reachableItem) {
        this.reachableLine = reachableLine;
        this.reachableItem = reachableItem;
    }

    /** The command that starts this kind of router with configuration file {@code config}. */
    public List<String> command(Path config) {
        return switch (this) {
            case JROUTERD -> List.of(Jrouterd.launcher().toString(), "-c", config.toString());
            case QDROUTERD -> List.of(qdrouterdLauncher().toString(), "-c", config.toString());
        };
    }

    /** The qdrouterd that {@value #QDROUTERD_HOME} names, if it names one. */
    public static Optional<Path> qdrouterdHome() {
        String home = System.getenv(QDROUTERD_HOME);
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home).toAbsolutePath().normalize());
    }

    private static Path qdrouterdLauncher() {
        Path home = qdrouterdHome().orElseThrow(() -> new AssertionError(QDROUTERD_HOME + " is not set"));
        for (Path candidate : List.of(home.resolve("bin/qdrouterd"), home.resolve("sbin/qdrouterd"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(QDROUTERD_HOME + "=" + home + " holds no executable bin/qdrouterd");
    }

    /**
     * The routers that router {@code id}'s log says it reaches, from its latest line that says so; empty before
     * the first such line.
     */
    Set<String> reachableInLog(String id, List<String> lines) {
        Set<String> seen = new TreeSet<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher line = reachableLine.matcher(lines.get(i));
            if (!line.find() || (this == JROUTERD && !line.group(1).equals(id))) {
                continue;
            }
            String list = line.group(this == JROUTERD ? 2 : 1).trim();
            if (this == JROUTERD) {
                if (!list.isEmpty()) {
                    seen.addAll(List.of(reachableItem.split(list)));
                }
            } else {
                Matcher item = reachableItem.matcher(list);
                while (item.find()) {
                    seen.add(item.group(1));
                }
            }
            break;
        }
        return seen;
    }
}
