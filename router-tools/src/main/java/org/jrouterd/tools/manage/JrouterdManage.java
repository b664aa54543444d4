package org.jrouterd.tools.manage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.tools.ToolOutput;
import org.jrouterd.tools.UsageErrors;
import org.jrouterd.tools.client.BusAddress;
import org.jrouterd.tools.client.ManagementNode;
import org.jrouterd.tools.client.ToolFailure;
import org.jrouterd.mgmt.json.PythonJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code jrouterd-manage} (installed also as {@code qdmanage}): qdmanage 1.19's command line,
 * {@code <operation> [--type T] [--name N | --identity I] [ATTR=VALUE ...]}. The standard operations print what
 * qdmanage prints (JSON with {@code --indent}, 2 by default, -1 for one line); any other operation name is sent
 * as it is written, with {@code ATTR=VALUE} and {@code --properties} as application properties and
 * {@code --body} as the body. Exit 0, 1 after a failure line ({@code NotFoundStatus: ...}), 2 for a usage error.
 *
 * <p>Threads: confined to the thread that calls {@link #run}.
 */
@Command(name = "qdmanage <operation>", sortOptions = false,
        description = "Standard operations: QUERY, CREATE, READ, UPDATE, DELETE, GET-TYPES, GET-OPERATIONS, "
                + "GET-ATTRIBUTES, GET-ANNOTATIONS, GET-MGMT-NODES, GET-SCHEMA, GET-LOG. "
                + "Use GET-OPERATIONS to find additional operations.")
public final class JrouterdManage implements Callable<Integer> {

    private static final Set<String> STANDARD = Set.of("QUERY", "CREATE", "READ", "UPDATE", "DELETE", "GET-TYPES",
            "GET-OPERATIONS", "GET-ATTRIBUTES", "GET-ANNOTATIONS", "GET-MGMT-NODES");
    private static final Pattern JSON_LIKE = Pattern.compile("[\"{}\\[\\]]");
    private static final Map<String, Boolean> BOOL_VALUES = Map.of("yes", true, "true", true, "on", true,
            "no", false, "false", false, "off", false);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
    boolean help;
    @Option(names = {"-v", "--verbose"}, description = "Show maximum detail")
    boolean[] verbose = new boolean[0];
    @Option(names = {"-r", "--router"}, paramLabel = "ROUTER-ID", description = "Router to be queried")
    String router;
    @Option(names = {"-d", "--edge-router"}, paramLabel = "EDGE-ROUTER-ID", description = "Edge Router to be queried")
    String edgeRouter;
    @Option(names = "--type", description = "Type of entity to operate on.")
    String type;
    @Option(names = "--name", description = "Name of entity to operate on.")
    String name;
    @Option(names = "--identity", paramLabel = "ID", description = "Identity of entity to operate on.")
    String identity;
    @Option(names = "--indent", defaultValue = "2",
            description = "Pretty-printing indent. -1 means don't pretty-print (default ${DEFAULT-VALUE})")
    int indent;
    @Option(names = "--stdin", description = "Read attributes as JSON map or list of maps from stdin.")
    boolean stdin;
    @Option(names = "--body", description = "JSON value to use as body of a non-standard operation call.")
    String body;
    @Option(names = "--properties", description = "JSON map to use as properties for a non-standard operation call.")
    String properties;
    @Option(names = "--attribute-names", split = ",", paramLabel = "NAMES",
            description = "QUERY: the attributes to show (jrouterd-manage; qdmanage takes them as arguments).")
    List<String> attributeNames;
    @Option(names = {"-b", "--bus"}, paramLabel = "URL", defaultValue = "0.0.0.0",
            description = "URL of the messaging bus to connect to default ${DEFAULT-VALUE}")
    String bus;
    @Option(names = {"-t", "--timeout"}, paramLabel = "SECS", defaultValue = "5",
            description = "Maximum time to wait for connection in seconds default ${DEFAULT-VALUE}")
    double timeout;
    @Option(names = "--sasl-mechanisms", paramLabel = "SASL-MECHANISMS",
            description = "Allowed sasl mechanisms to be supplied during the sasl handshake (ANONYMOUS).")
    String saslMechanisms;

    @Parameters(paramLabel = "ARGS", description = "The operation, then its arguments (ATTR=VALUE or ATTR).")
    List<String> args = new ArrayList<>();
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    private final PrintWriter out;
    private final InputStream in;
    private final AttributeArguments attributes = new AttributeArguments(EntitySchema.qdrouterd());
    private CommandLine commandLine;
    private ManagementNode node;

    JrouterdManage(PrintWriter out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    /** Runs qdmanage with {@code argv}; returns the exit status. */
    public static int run(String[] argv, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        PrintWriter out = ToolOutput.on(stdout);
        JrouterdManage manage = new JrouterdManage(out, stdin);
        CommandLine line = UsageErrors.install(new CommandLine(manage)).setUnmatchedArgumentsAllowed(true)
                .setUnmatchedOptionsArePositionalParams(true);
        manage.commandLine = line;
        line.setOut(new PrintWriter(stdout, true));
        line.setErr(new PrintWriter(stderr, true));
        int status = line.execute(argv);
        out.flush();
        return status;
    }

    /** The command-line entry point. */
    public static void main(String[] argv) {
        System.exit(run(argv, System.in, System.out, System.err));
    }

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(args);
        rest.addAll(unmatched);
        type = AttributeArguments.longType(type);
        if (rest.isEmpty()) {
            throw usage("No operation specified");
        }
        String operation = rest.remove(0);
        String upper = operation.toUpperCase(java.util.Locale.ROOT);
        if (STANDARD.contains(upper)) {
            checkArguments(upper, rest);
        }
        try (ManagementNode connected = ManagementNode.connect(BusAddress.parse(bus), router, edgeRouter,
                Duration.ofMillis((long) (timeout * 1000)), saslMechanisms)) {
            node = connected;
            if (STANDARD.contains(upper)) {
                standard(upper, rest);
            } else {
                custom(operation, rest);
            }
            return 0;
        } catch (ToolFailure e) {
            out.print(e.line() + "\n");
            return 1;
        } catch (PythonJson.JsonException e) {
            out.print(e.pythonType() + ": " + e.getMessage() + "\n");
            return 1;
        } catch (RuntimeException e) {
            out.print(e.getClass().getSimpleName() + ": " + e.getMessage() + "\n");
            return 1;
        }
    }

    /** qdmanage's {@code check_args}: the usage errors it finds before it connects. */
    private void checkArguments(String operation, List<String> rest) {
        switch (operation) {
            case "READ", "DELETE", "GET-MGMT-NODES" -> {
                if (!rest.isEmpty()) {
                    throw usage("Unexpected arguments: " + String.join(" ", rest));
                }
            }
            case "GET-TYPES", "GET-ANNOTATIONS", "GET-ATTRIBUTES", "GET-OPERATIONS" -> {
                if (type == null && rest.size() > 1) {
                    throw usage("Unexpected arguments: " + String.join(" ", rest.subList(1, rest.size())));
                }
            }
            default -> {
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(commandLine, message);
    }

    private void standard(String operation, List<String> rest) {
        switch (operation) {
            case "QUERY" -> {
                List<String> names = !rest.isEmpty() ? rest : attributeNames;
                printJson(node.query(type, names, null).maps(true));
            }
            case "CREATE" -> bulk(rest, attrs -> node.create(type, name, attrs));
            case "UPDATE" -> bulk(rest, attrs -> node.update(type, name, identity, cleanBooleans(attrs)));
            case "READ" -> printJson(node.read(type, name, identity));
            case "DELETE" -> node.delete(type, name, identity);
            case "GET-MGMT-NODES" -> printJson(node.nodeOperation(operation, null));
            default -> printJson(node.nodeOperation(operation, type != null ? type
                    : rest.isEmpty() ? null : rest.get(0)));
        }
    }

    private void bulk(List<String> rest, java.util.function.Function<Map<String, Object>, Object> call) {
        if (stdin) {
            Object data;
            try {
                data = PythonJson.loads(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ToolFailure("OSError", String.valueOf(e.getMessage()));
            }
            if (data instanceof Map<?, ?> map) {
                printJson(call.apply(withLongType(map)));
            } else if (data instanceof List<?> list) {
                List<Object> results = new ArrayList<>();
                for (Object each : list) {
                    if (!(each instanceof Map<?, ?> map)) {
                        throw new ToolFailure("AttributeError", "'" + typeName(each) + "' object has no attribute 'get'");
                    }
                    results.add(call.apply(withLongType(map)));
                }
                printJson(results);
            } else {
                throw new ToolFailure("ValueError", "stdin is not a JSON map or list");
            }
        } else if (!rest.isEmpty()) {
            printJson(call.apply(withLongType(attributes.parse(rest, type))));
        } else {
            throw new ToolFailure("AttributeError", "'Namespace' object has no attribute 'attributes'");
        }
    }

    private static String typeName(Object value) {
        return value == null ? "NoneType" : value instanceof String ? "str" : value instanceof Boolean ? "bool"
                : value instanceof Number ? "int" : "object";
    }

    private static Map<String, Object> withLongType(Map<?, ?> map) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        map.forEach((k, v) -> attrs.put(String.valueOf(k), v));
        if (attrs.get("type") instanceof String t && !t.isEmpty()) {
            attrs.put("type", AttributeArguments.longType(t));
        }
        return attrs;
    }

    /** qdmanage's UPDATE turns yes/true/on and no/false/off given as text into booleans. */
    private static Map<String, Object> cleanBooleans(Map<String, Object> attrs) {
        Map<String, Object> clean = new LinkedHashMap<>(attrs);
        clean.replaceAll((k, v) -> v instanceof String s && BOOL_VALUES.containsKey(s) ? BOOL_VALUES.get(s) : v);
        return clean;
    }

    private void custom(String operation, List<String> rest) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", type);
        props.put("name", name);
        props.put("identity", identity);
        props.put("operation", operation);
        props.putAll(attributes.parse(rest, type));
        if (properties != null) {
            Object extra = jsonArgument(properties);
            if (!(extra instanceof Map<?, ?> map)) {
                throw new ToolFailure("ValueError", "dictionary update sequence element #0 has length 1; 2 is required");
            }
            map.forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        Object requestBody = body == null ? null : jsonArgument(body);
        Object result = node.request(props, requestBody);
        if (!org.jrouterd.tools.format.PythonText.truthy(result)) {
            return;
        }
        if (result instanceof String s) {
            out.print(s + "\n");
            return;
        }
        try {
            printJson(result);
        } catch (PythonJson.JsonException e) {
            if (!"JSONDecodeError".equals(e.pythonType()) && !"TypeError".equals(e.pythonType())) {
                throw e;
            }
            throw new ToolFailure(e.pythonType(), e.getMessage());
        }
    }

    private static Object jsonArgument(String value) {
        try {
            return PythonJson.loads(value);
        } catch (PythonJson.JsonException e) {
            if (!JSON_LIKE.matcher(value).find()) {
                return value;
            }
            throw new ToolFailure("ValueError", "Invalid JSON '" + value + "': " + e.getMessage());
        }
    }

    private void printJson(Object data) {
        out.print(PythonJson.dumps(data, indent == -1 ? null : indent) + "\n");
    }
}
