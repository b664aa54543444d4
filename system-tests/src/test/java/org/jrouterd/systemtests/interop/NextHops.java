package org.jrouterd.systemtests.interop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;

/**
 * A router's next hops as its log states them: qdrouterd logs {@code Computed next hops: {'B': 'B', 'C': 'B'}}
 * (ROUTER_LS, info); jrouterd logs {@code Computed next hops: {B=B, C=B}} (ROUTER_LS, debug, so a jrouterd whose
 * next hops a test reads needs {@link #JROUTERD_LOGGING} in its file). Stateless.
 */
final class NextHops {

    /** The log section that makes jrouterd log its next hops. */
    static final String JROUTERD_LOGGING = """
            log {
                module: ROUTER_LS
                enable: debug+
            }
            """;

    private static final Pattern LINE = Pattern.compile("Computed next hops: \\{(.*)\\}$");
    private static final Pattern ENTRY = Pattern.compile("'?([^',= ]+)'?(?:=|: )'?([^',= }]+)'?");

    private NextHops() {
    }

    /** The next hop per router from the latest such line of router {@code id}'s log; empty before the first. */
    static Map<String, String> latest(MeshOfProcesses mesh, String id) {
        List<String> lines = mesh.router(id).log().lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher line = LINE.matcher(lines.get(i));
            if (line.find()) {
                Map<String, String> hops = new TreeMap<>();
                Matcher entry = ENTRY.matcher(line.group(1));
                while (entry.find()) {
                    hops.put(entry.group(1), entry.group(2));
                }
                return hops;
            }
        }
        return Map.of();
    }

    /** Waits until router {@code from} logs {@code via} as its next hop to {@code to}. */
    static void await(MeshOfProcesses mesh, String from, String to, String via, Duration timeout) {
        RouterKind kind = mesh.kind(from);
        InteropAwait.until(from + " (" + kind + ") goes to " + to + " through " + via + " (its log: "
                + mesh.router(from).log().file() + ")", timeout, () -> via.equals(latest(mesh, from).get(to)));
    }
}
