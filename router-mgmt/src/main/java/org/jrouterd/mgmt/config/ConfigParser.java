package org.jrouterd.mgmt.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;
import org.jrouterd.mgmt.schema.EntityValidator;
import org.jrouterd.mgmt.schema.InvalidEntityException;
import org.jrouterd.mgmt.schema.SecretResolver;

/**
 * Parses a {@code qdrouterd.conf} (brace format) or a {@code .json} configuration into the entity CREATE operations
 * to apply, in the documented load order: log, router, policy, sslProfile, authServicePlugin, address, linkRoute,
 * autoLink, exchange, binding, vhost, then the rest, listeners and connectors last. Missing singletons (the
 * router) are added with their defaults.
 *
 * <pre>{@code
 * List<EntityCreate> creates = ConfigParser.parse(Path.of("/etc/qpid-dispatch/qdrouterd.conf"));
 * }</pre>
 *
 * Every problem is a {@link ConfigException} reading {@code file:line: message}. Immutable; any thread may use it.
 */
public final class ConfigParser {

    /** How strictly to check. */
    public enum Mode {
        /** For running: anything jrouterd does not implement yet is an error. */
        RUN,
        /**
         * For validation only: check against qdrouterd 1.19's schema, allowing types, attributes and values that
         * jrouterd does not implement yet (e.g. an edge router, or link routes to a broker).
         */
        VALIDATE_SCHEMA_ONLY
    }

    private static final String INTER_ROUTER = "inter-router";
    private static final String INTERIOR = "interior";

    private final EntitySchema schema;
    private final Function<String, String> environment;

    /** A parser for qdrouterd's schema that reads {@code env:} passwords from the process environment. */
    public ConfigParser() {
        this(EntitySchema.qdrouterd(), System::getenv);
    }

    /**
     * Creates a parser.
     *
     * @param schema      the entity schema
     * @param environment looks up environment variables for {@code env:} passwords
     */
    public ConfigParser(EntitySchema schema, Function<String, String> environment) {
        this.schema = schema;
        this.environment = environment;
    }

    /**
     * Parses a file for running.
     *
     * @param file a {@code .conf} (brace format) or {@code .json} file
     * @return the CREATE operations in load order
     * @throws ConfigException at the first problem
     */
    public static List<EntityCreate> parse(Path file) throws ConfigException {
        return parse(file, Mode.RUN);
    }

    /**
     * Parses a file.
     *
     * @param file a {@code .conf} (brace format) or {@code .json} file
     * @param mode how strictly to check
     * @return the CREATE operations in load order
     * @throws ConfigException at the first problem
     */
    public static List<EntityCreate> parse(Path file, Mode mode) throws ConfigException {
        return new ConfigParser().load(file, mode).creates();
    }

    /**
     * Parses a file, keeping the warnings.
     *
     * @param file a {@code .conf} (brace format) or {@code .json} file
     * @param mode how strictly to check
     * @return the CREATE operations and the warnings
     * @throws ConfigException at the first problem
     */
    public ParsedConfig load(Path file, Mode mode) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "no such file");
        } catch (MalformedInputException e) {
            throw new ConfigException(name, 0, "cannot read the file: it is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "cannot read the file: " + e.getMessage());
        }
        Path directory = file.toAbsolutePath().getParent();
        return load(name, text, directory == null ? Path.of("") : directory, mode);
    }

    /**
     * Parses configuration text.
     *
     * @param fileName      the name to report in errors; one ending in {@code .json} selects the JSON form
     * @param text          the configuration
     * @param baseDirectory directory that relative {@code file:} password paths are resolved against
     * @param mode          how strictly to check
     * @return the CREATE operations and the warnings
     * @throws ConfigException at the first problem
     */
    public ParsedConfig load(String fileName, String text, Path baseDirectory, Mode mode) throws ConfigException {
        EntityValidator validator = new EntityValidator(new SecretResolver(environment, baseDirectory),
                mode == Mode.RUN);
        Collector collector = new Collector(fileName, validator);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (fileName.endsWith(".json")) {
            new JsonConfigSyntax(fileName, text, schema, validator).read(collector);
        } else {
            new ConfSyntax(fileName, text, schema, validator).read(collector);
        }
        collector.addMissingSingletons(mode);
        collector.checkPendingInterRouterRoles();
        List<EntityCreate> ordered = new ArrayList<>(collector.creates);
        ordered.sort(Comparator.comparingInt(create -> schema.loadRank(create.type())));
        return new ParsedConfig(ordered, collector.warnings);
    }

    /**
     * Checks each section as it arrives, and across sections: singletons, unique names, one log per module, and
     * inter-router listeners and connectors only on an interior router. A check that needs a section not read yet
     * (the router section may come last, or not at all) waits for it, so problems are still reported at the line
     * they are about.
     */
    private final class Collector implements SectionSink {
        private final String file;
        private final EntityValidator validator;
        private final List<EntityCreate> creates = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<EntityType, Integer> singletonLines = new HashMap<>();
        private final Map<String, Seen> names = new HashMap<>();
        private final Map<String, Integer> logModules = new HashMap<>();
        /** The listeners read so far, for the same-address check. */
        private final List<ListenerAddress> listenerAddresses = new ArrayList<>();
        /** Inter-router listeners and connectors read before the router section, in file order. */
        private final List<Seen> pendingInterRouter = new ArrayList<>();
        /** The router section's mode once it has been read, else null. */
        private RouterMode routerMode;

        Collector(String file, EntityValidator validator) {
            this.file = file;
            this.validator = validator;
        }

        @Override
        public void accept(RawSection section) throws ConfigException {
            EntityType type = section.type();
            Integer first = singletonLines.get(type);
            if (first != null) {
                throw new ConfigException(file, section.line(), type.shortName() + ": only one " + type.shortName()
                        + " section is allowed; the first is at line " + first);
            }
            EntityCreate create = validate(type, section.line(), section);
            if (type.singleton()) {
                singletonLines.put(type, section.line());
            }
            checkUniqueName(create, section);
            checkListenerAddress(create, section);
            if (type.shortName().equals("log")) {
                String module = create.string("module");
                Integer earlier = logModules.putIfAbsent(module, section.line());
                if (earlier != null) {
                    throw new ConfigException(file, lineOf(section, "module"), "log: module '" + module
                            + "' is already configured by the log section at line " + earlier);
                }
            }
            checkInterRouterRole(create, section);
            creates.add(create);
        }

        /**
         * A listener or connector with role inter-router needs an interior router: a standalone router has no mesh
         * to join and an edge router connects to interior routers with role edge. Checked at once when the router
         * section has been read, else when it is.
         */
        private void checkInterRouterRole(EntityCreate create, RawSection section) throws ConfigException {
            String type = create.type().shortName();
            if (type.equals("router")) {
                routerMode = new RouterMode(create.string("mode"),
                        create.isGiven("mode") ? lineOf(section, "mode") : 0);
                for (Seen pending : pendingInterRouter) {
                    checkInterRouterRole(pending);
                }
                pendingInterRouter.clear();
            } else if ((type.equals("listener") || type.equals("connector"))
                    && INTER_ROUTER.equals(create.string("role"))) {
                Seen seen = new Seen(type, lineOf(section, "role"));
                if (routerMode == null) {
                    pendingInterRouter.add(seen);
                } else {
                    checkInterRouterRole(seen);
                }
            }
        }

        private void checkInterRouterRole(Seen listenerOrConnector) throws ConfigException {
            if (INTERIOR.equals(routerMode.mode)) {
                return;
            }
            String what = "standalone".equals(routerMode.mode) ? "standalone" : "an " + routerMode.mode + " router";
            throw new ConfigException(file, listenerOrConnector.line, listenerOrConnector.type + ": role "
                    + INTER_ROUTER + " needs router mode " + INTERIOR + " (this router is " + what
                    + (routerMode.line > 0 ? ", set at line " + routerMode.line : ", the default") + ")");
        }

        /** Checks the inter-router listeners and connectors of a file without a router section. */
        void checkPendingInterRouterRoles() throws ConfigException {
            if (pendingInterRouter.isEmpty()) {
                return;
            }
            EntityType router = schema.type("router");
            routerMode = new RouterMode((String) router.attribute("mode").defaultValue(), 0);
            for (Seen pending : pendingInterRouter) {
                checkInterRouterRole(pending);
            }
            pendingInterRouter.clear();
        }

        private EntityCreate validate(EntityType type, int line, RawSection section) throws ConfigException {
            List<EntityValidator.Warning> found = new ArrayList<>();
            try {
                EntityCreate create = validator.validate(type, line,
                        section == null ? List.of() : section.attributes(),
                        section == null ? null : file + ":" + line, found);
                for (EntityValidator.Warning warning : found) {
                    warnings.add(new ConfigException(file, warning.line(), warning.message()).getMessage());
                }
                return create;
            } catch (InvalidEntityException e) {
                throw new ConfigException(file, e.line(), e.getMessage());
            }
        }

        /**
         * Names are unique across the file. A listener or connector without one is named as qdrouterd names it,
         * {@code <type>/<host>:<port>}, so two of them on the same host and port (port 0, say) collide in
         * jrouterd exactly as they make qdrouterd refuse to start: a file one accepts, the other does too.
         */
        private void checkUniqueName(EntityCreate create, RawSection section) throws ConfigException {
            String type = create.type().shortName();
            String name = create.name();
            boolean implicit = name == null && (type.equals("listener") || type.equals("connector"));
            if (implicit) {
                name = type + "/" + create.string("host") + ":" + create.string("port");
            } else if (name == null) {
                return;
            }
            Seen earlier = names.putIfAbsent(name, new Seen(type, section.line()));
            if (earlier != null && implicit) {
                throw new ConfigException(file, section.line(), type + ": without a name it is named '" + name
                        + "' (type/host:port, as qdrouterd names it), as is the " + earlier.type
                        + " section at line " + earlier.line + "; give each a distinct name");
            }
            if (earlier != null) {
                throw new ConfigException(file, lineOf(section, "name"), type + ": name '"
                        + name + "' is already used by the " + earlier.type + " section at line " + earlier.line);
            }
        }

        /**
         * Two listeners cannot listen on the same port of the same host: the second would fail to bind at start.
         * A wildcard host (empty, {@code 0.0.0.0}, {@code ::}) takes the port on every address, so it clashes with
         * any other host on that port. Port 0 never clashes (each gets its own). Host names are compared as
         * written; two names of one address are caught when the start (or {@code --check}) binds them.
         */
        private void checkListenerAddress(EntityCreate create, RawSection section) throws ConfigException {
            if (!create.type().shortName().equals("listener")) {
                return;
            }
            int port = create.port("port");
            if (port == 0) {
                return;
            }
            String host = create.string("host") == null ? "" : create.string("host").toLowerCase(Locale.ROOT);
            int line = create.isGiven("port") ? lineOf(section, "port") : section.line();
            ListenerAddress here = new ListenerAddress(host, port, section.line(), create.string("port"));
            for (ListenerAddress earlier : listenerAddresses) {
                if (earlier.port == port && (earlier.host.equals(host) || earlier.wildcard() || here.wildcard())) {
                    throw new ConfigException(file, line, "listener: attribute 'port': " + here.shown()
                            + " is already taken by the listener section at line " + earlier.line + " ("
                            + earlier.shown() + "); two listeners cannot listen on the same host and port");
                }
            }
            listenerAddresses.add(here);
        }

        private int lineOf(RawSection section, String attribute) {
            return section.attributes().stream()
                    .filter(raw -> org.jrouterd.mgmt.schema.Names.camelCase(raw.writtenName()).equals(attribute))
                    .mapToInt(raw -> raw.line()).findFirst().orElse(section.line());
        }

        void addMissingSingletons(Mode mode) throws ConfigException {
            for (EntityType type : schema.types().values()) {
                boolean wanted = type.configuration() && type.singleton() && !type.deprecated()
                        && (type.implemented() || mode == Mode.VALIDATE_SCHEMA_ONLY);
                if (wanted && !singletonLines.containsKey(type)) {
                    creates.add(validate(type, 0, null));
                }
            }
        }
    }

    private record Seen(String type, int line) {
    }

    /** A listener's host as written (lower case, empty for none) and port number, and its section's line. */
    private record ListenerAddress(String host, int port, int line, String writtenPort) {
        boolean wildcard() {
            return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        }

        String shown() {
            return (host.isEmpty() ? "every address" : host) + " port " + writtenPort;
        }
    }

    /** The router's mode, and the line that sets it (0 when it is the default). */
    private record RouterMode(String mode, int line) {
    }
}
