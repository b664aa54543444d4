package org.jrouterd.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.server.Router;
import org.jrouterd.server.RouterMode;
import org.jrouterd.server.logging.LogSettings;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.sasl.users.SaslConfigFile;
import org.jrouterd.transport.sasl.users.UserLookup;
import org.jrouterd.transport.sasl.users.UserStoreFile;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.server.StripAnnotations;

/**
 * A router builder and logging settings made from configuration entities, applied in the order given (the
 * parser's load order). Every entity type the parser lets through in run mode is applied here; an unexpected one
 * is an error, never ignored. An attribute that cannot be applied is reported at its own line. Single-use, on the
 * starting thread.
 */
public final class ConfiguredRouter {

    private final Router.Builder builder = Router.builder();
    private final List<LogSettings> logSettings = new ArrayList<>();
    private final List<ConfiguredListener> listenerOrigins = new ArrayList<>();
    private final SslProfiles sslProfiles = new SslProfiles();
    private boolean timestampsInUtc;
    private String routerId;
    private int listeners;
    /** The router's SASL configuration file, when {@code saslConfigDir} names one. */
    private SaslConfigFile saslConfig;

    /** The mechanisms a connector with a saslUsername may use, strongest first (its default). */
    private static final List<String> CONNECTOR_PASSWORD_MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256",
            "SCRAM-SHA-1", "PLAIN");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("AUTHSERVICE");

    /** qdrouterd's characters for the random part of a router id it makes up. */
    private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+_";
    /** qdrouterd's length of that random part. */
    private static final int ID_RANDOM_LENGTH = 15;

    /**
     * A listener as configured, and where: for checks that need the network ({@code --check} binds each one).
     *
     * @param spec       the listener
     * @param hostOrigin {@code file:line} of its host attribute (or of the section when host is not written)
     * @param portOrigin {@code file:line} of its port attribute (or of the section)
     */
    public record ConfiguredListener(ListenerSpec spec, String hostOrigin, String portOrigin) {
    }

    private ConfiguredRouter() {
    }

    /**
     * Applies every entity.
     *
     * @throws ConfigException naming the entity's {@code file:line} when a value cannot be applied
     */
    public static ConfiguredRouter from(List<EntityCreate> creates) throws ConfigException {
        ConfiguredRouter configured = new ConfiguredRouter();
        for (EntityCreate create : creates) {
            try {
                configured.apply(create);
            } catch (IllegalArgumentException e) {
                String attribute = attributeNamedIn(create, e.getMessage());
                throw error(create, attribute, create.type().shortName() + ": "
                        + (attribute == null ? "" : "attribute '" + attribute + "': ") + e.getMessage());
            }
        }
        return configured;
    }

    /** The builder, ready to start (more listeners may still be added). */
    public Router.Builder builder() {
        return builder;
    }

    /** The {@code log} sections, in file order. */
    public List<LogSettings> logSettings() {
        return logSettings;
    }

    /** How many listeners the configuration declared. */
    public int listenerCount() {
        return listeners;
    }

    /** The configured listeners with the lines they come from, in file order. */
    public List<ConfiguredListener> listeners() {
        return listenerOrigins;
    }

    /** The router id: the configured one, or one made up as qdrouterd makes it ({@link #generatedId}). */
    public String routerId() {
        return routerId;
    }

    /** Whether log timestamps are in UTC (the router's {@code timestampsInUTC}) rather than local time. */
    public boolean timestampsInUtc() {
        return timestampsInUtc;
    }

    /**
     * The router id qdrouterd makes up when none is configured: the mode, capitalised, an underscore and 15
     * random characters ({@code Standalone_d7Ab+0x_k2PqR9m}, {@code Interior_...}). It changes at each start.
     */
    public static String generatedId(String mode) {
        StringBuilder id = new StringBuilder(mode.substring(0, 1).toUpperCase(Locale.ROOT)).append(mode.substring(1))
                .append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ID_RANDOM_LENGTH; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    private void apply(EntityCreate create) throws ConfigException {
        switch (create.type().shortName()) {
            case "router" -> router(create);
            case "listener" -> listener(create);
            case "address" -> address(create);
            case "log" -> log(create);
            case "connector" -> connector(create);
            case "sslProfile" -> sslProfiles.add(create);
            default -> throw error(create, create.type().shortName() + " is not supported by jrouterd yet");
        }
    }

    private void router(EntityCreate create) throws ConfigException {
        String mode = create.has("mode") ? create.string("mode") : "standalone";
        String id = create.string("id");
        routerId = id != null ? id : generatedId(mode);
        builder.id(routerId);
        timestampsInUtc = Boolean.TRUE.equals(create.bool("timestampsInUTC"));
        if (create.isGiven("workerThreads")) {
            builder.ioThreads(create.intValue("workerThreads"));
        }
        if (create.has("defaultDistribution")) {
            builder.defaultDistribution(Distribution.parse(create.string("defaultDistribution")));
        }
        builder.mode(RouterMode.parse(mode));
        saslConfiguration(create);
        builder.linkStateTimers(timer(create, "helloIntervalSeconds", 1), timer(create, "helloMaxAgeSeconds", 3),
                timer(create, "raIntervalSeconds", 30), timer(create, "raIntervalFluxSeconds", 4),
                timer(create, "remoteLsMaxAgeSeconds", 60));
    }

    /**
     * The router's {@code saslConfigDir} and {@code saslConfigName}, as qdrouterd names its Cyrus configuration:
     * jrouterd reads {@code mech_list} and its own {@code jrouterd_user_store} key from that file (see
     * {@link SaslConfigFile}); without them, PLAIN and SCRAM know no users.
     */
    private void saslConfiguration(EntityCreate create) throws ConfigException {
        String dir = create.string("saslConfigDir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        String name = create.has("saslConfigName") ? create.string("saslConfigName") : "qdrouterd";
        Path file = SaslConfigFile.locate(Path.of(dir), name);
        if (!Files.exists(file)) {
            // qdrouterd (Cyrus) starts without it too; jrouterd then has no users for PLAIN and SCRAM.
            LOG.warn("SASL configuration {} (saslConfigDir, saslConfigName) does not exist: PLAIN and SCRAM logins "
                    + "will all fail", file);
            return;
        }
        try {
            saslConfig = SaslConfigFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw error(create, "saslConfigDir", "router: attribute 'saslConfigDir': cannot read the SASL "
                    + "configuration " + file + ": " + e.getMessage());
        }
        UserLookup users = UserLookup.NONE;
        if (saslConfig.userStore() != null) {
            try {
                users = new UserStoreFile(saslConfig.userStore()).load();
            } catch (IOException | IllegalArgumentException e) {
                throw error(create, "saslConfigDir", "router: attribute 'saslConfigDir': " + file + " names the "
                        + "user store " + saslConfig.userStore() + " (" + SaslConfigFile.USER_STORE_KEY
                        + "), which cannot be read: " + e.getMessage());
            }
        } else {
            LOG.warn("{} names no {}: PLAIN and SCRAM logins will all fail{}", file,
                    SaslConfigFile.USER_STORE_KEY, saslConfig.sasldbPath() == null ? ""
                            : " (jrouterd cannot read the Cyrus sasldb " + saslConfig.sasldbPath()
                            + "; enter its users again with jrouterd-passwd)");
        }
        SaslMechanisms mechanisms = SaslMechanisms.builtIn(users);
        builder.sasl(saslConfig.mechList().isEmpty() ? mechanisms : mechanisms.restrictedTo(saslConfig.mechList()));
    }

    private static int timer(EntityCreate create, String attribute, int defaultValue) {
        return create.has(attribute) ? create.intValue(attribute) : defaultValue;
    }

    private void listener(EntityCreate create) throws ConfigException {
        // As qdrouterd with a SASL configuration: a listener without saslMechanisms offers what the configuration
        // enables (its mech_list, or everything).
        List<String> defaultMechanisms = saslConfig == null ? List.of("ANONYMOUS")
                : saslConfig.mechList().isEmpty() ? SaslMechanisms.KNOWN : saslConfig.mechList();
        ListenerSpec spec = listenerSpec(create, defaultMechanisms, sslProfiles);
        builder.listener(spec);
        listenerOrigins.add(new ConfiguredListener(spec, create.origin("host"), create.origin("port")));
        listeners++;
    }

    /**
     * The listener a {@code listener} entity describes: the one conversion the config file and a management
     * CREATE share.
     *
     * @throws ConfigException when a value cannot be applied (its {@link ConfigException#detail()} has no line)
     * @throws IllegalArgumentException when the spec refuses a value
     */
    public static ListenerSpec listenerSpec(EntityCreate create) throws ConfigException {
        return listenerSpec(create, List.of("ANONYMOUS"), SslProfiles.none());
    }

    /**
     * As {@link #listenerSpec(EntityCreate)}, offering {@code defaultMechanisms} when saslMechanisms is not set, with
     * the sslProfiles the listener may name.
     */
    public static ListenerSpec listenerSpec(EntityCreate create, List<String> defaultMechanisms, SslProfiles profiles)
            throws ConfigException {
        String host = create.string("host");
        ConnectionAttributes c = ConnectionAttributes.of(create);
        List<String> mechanisms = saslMechanisms(create, defaultMechanisms);
        ListenerSpec spec = new ListenerSpec(host == null || host.isEmpty() ? "0.0.0.0" : host, create.port("port"),
                c.role(), c.maxFrameSize(), c.maxSessions(), c.idleTimeoutSeconds(), c.linkCapacity(),
                c.stripAnnotations(), mechanisms, Boolean.TRUE.equals(create.bool("authenticatePeer")),
                create.has("cost") ? create.intValue("cost") : 1,
                Boolean.TRUE.equals(create.bool("saslPlainWithoutTls")), profiles.listenerTls(create, mechanisms));
        return spec;
    }

    /** The attributes listeners and connectors share, with qdrouterd's defaults where none was given. */
    private record ConnectionAttributes(ConnectionRole role, int maxFrameSize, int maxSessions,
                                        int idleTimeoutSeconds, int linkCapacity, StripAnnotations stripAnnotations) {

        static ConnectionAttributes of(EntityCreate create) {
            int maxSessions = intOr(create, "maxSessions", 0);
            return new ConnectionAttributes(
                    ConnectionRole.parse(create.has("role") ? create.string("role") : "normal"),
                    intOr(create, "maxFrameSize", 16384),
                    maxSessions > 0 ? maxSessions : 32768,
                    intOr(create, "idleTimeoutSeconds", 16),
                    intOr(create, "linkCapacity", 250),
                    StripAnnotations.parse(create.has("stripAnnotations") ? create.string("stripAnnotations")
                            : "both"));
        }

        private static int intOr(EntityCreate create, String attribute, int fallback) {
            return create.has(attribute) ? create.intValue(attribute) : fallback;
        }
    }

    private static List<String> mechanismNames(String value) {
        return Arrays.stream(value.trim().split("\\s+")).map(name -> name.toUpperCase(Locale.ROOT)).toList();
    }

    static List<String> saslMechanisms(EntityCreate create, List<String> defaultMechanisms) throws ConfigException {
        String value = create.string("saslMechanisms");
        if (value == null || value.isBlank()) {
            return defaultMechanisms;
        }
        List<String> names = mechanismNames(value);
        List<String> unknown = SaslMechanisms.unknown(names);
        if (!unknown.isEmpty()) {
            throw error(create, "saslMechanisms", "listener: attribute 'saslMechanisms': " + String.join(", ", unknown)
                    + " is not supported by jrouterd (supported: " + String.join(" ", SaslMechanisms.KNOWN) + ")");
        }
        return names;
    }

    private void connector(EntityCreate create) throws ConfigException {
        builder.connector(connectorSpec(create, sslProfiles));
    }

    /**
     * The connector a {@code connector} entity describes: the one conversion the config file and a management
     * CREATE share.
     *
     * @throws ConfigException when a value cannot be applied
     * @throws IllegalArgumentException when the spec refuses a value
     */
    public static ConnectorSpec connectorSpec(EntityCreate create) throws ConfigException {
        return connectorSpec(create, SslProfiles.none());
    }

    /** As {@link #connectorSpec(EntityCreate)}, with the sslProfiles the connector may name. */
    public static ConnectorSpec connectorSpec(EntityCreate create, SslProfiles profiles) throws ConfigException {
        String failover = create.string("failoverUrls");
        List<String> failoverUrls = failover == null || failover.isBlank() ? List.of()
                : Arrays.stream(failover.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        String user = create.string("saslUsername");
        List<String> mechanisms = create.string("saslMechanisms") == null
                ? (user == null ? List.of("ANONYMOUS") : CONNECTOR_PASSWORD_MECHANISMS)
                : mechanismNames(create.string("saslMechanisms"));
        for (String mechanism : mechanisms) {
            if (!mechanism.equals("ANONYMOUS") && !CONNECTOR_PASSWORD_MECHANISMS.contains(mechanism)) {
                throw error(create, "saslMechanisms", "connector: attribute 'saslMechanisms': " + mechanism
                        + " is not supported on a connector by jrouterd (it uses ANONYMOUS, or with saslUsername "
                        + String.join(" ", CONNECTOR_PASSWORD_MECHANISMS) + ")");
            }
        }
        String name = create.name() != null ? create.name() : "connector/" + create.string("host") + ":"
                + create.port("port");
        ConnectionAttributes c = ConnectionAttributes.of(create);
        return new ConnectorSpec(name, create.has("host") ? create.string("host") : "127.0.0.1",
                create.port("port"), c.role(), create.has("cost") ? create.intValue("cost") : 1, c.maxFrameSize(),
                c.maxSessions(), c.idleTimeoutSeconds(), c.linkCapacity(), c.stripAnnotations(), mechanisms, user,
                create.string("saslPassword"), failoverUrls, 250, 10_000, profiles.connectorTls(create));
    }

    private void address(EntityCreate create) {
        builder.address(addressConfig(create));
    }

    /** The address entry an {@code address} entity describes (config file and management CREATE alike). */
    public static AddressConfig addressConfig(EntityCreate create) {
        Distribution distribution = Distribution.parse(
                create.has("distribution") ? create.string("distribution") : "balanced");
        AddressConfig config = create.has("prefix") ? AddressConfig.prefix(create.string("prefix"), distribution)
                : AddressConfig.pattern(create.string("pattern"), distribution);
        if (create.has("priority") && create.intValue("priority") >= 0) {
            config = config.withPriority(create.intValue("priority"));
        }
        if (Boolean.TRUE.equals(create.bool("failFast"))) {
            config = config.withFailFast(true);
        }
        return config;
    }

    private void log(EntityCreate create) throws ConfigException {
        String output = create.string("outputFile");
        if (output != null) {
            String problem = cannotAppendTo(output);
            if (problem != null) {
                throw error(create, "outputFile", "log: attribute 'outputFile': cannot open '" + output
                        + "' for append: " + problem);
            }
        }
        logSettings.add(new LogSettings(create.string("module"),
                create.has("enable") ? create.string("enable") : "info+",
                !Boolean.FALSE.equals(create.bool("includeTimestamp")),
                Boolean.TRUE.equals(create.bool("includeSource")),
                create.string("outputFile")));
    }

    /**
     * Why a log output cannot be appended to, or null if it can (or is stderr, stdout or syslog). Checked without
     * changing anything: an existing file is opened for append and closed; for a new one the directory must exist
     * and be writable. A missing directory is an error, never created, as qdrouterd fails to open the file.
     */
    static String cannotAppendTo(String output) {
        if (output.equals("stderr") || output.equals("stdout") || output.equals("syslog")) {
            return null;
        }
        Path file;
        try {
            file = Path.of(output).toAbsolutePath();
        } catch (InvalidPathException e) {
            return "it is not a valid path (" + e.getReason() + ")";
        }
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (Files.exists(file)) {
            try {
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
                return null;
            } catch (IOException | SecurityException e) {
                return String.valueOf(e.getMessage()).equals(file.toString()) ? "permission denied" : e.getMessage();
            }
        }
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return "the directory " + directory + " does not exist (jrouterd does not create it)";
        }
        if (!Files.isWritable(directory)) {
            return "the file does not exist and the directory " + directory + " is not writable";
        }
        return null;
    }

    /**
     * The attribute an error from a spec constructor is about: the written attribute whose name comes first in the
     * message ({@code "maxSessions must be ..."}), or null for the whole section.
     */
    private static String attributeNamedIn(EntityCreate create, String message) {
        String text = message == null ? "" : message.replace("failover address", "failoverUrls")
                .replace("connector port", "port");
        String found = null;
        int at = Integer.MAX_VALUE;
        for (String attribute : create.given()) {
            int index = text.indexOf(attribute);
            if (index >= 0 && index < at) {
                at = index;
                found = attribute;
            }
        }
        return found;
    }

    private static ConfigException error(EntityCreate create, String message) {
        return error(create, null, message);
    }

    /** An error at the attribute's own line when it was written, else at the section's. */
    static ConfigException error(EntityCreate create, String attribute, String message) {
        String origin = attribute == null ? create.origin() : create.origin(attribute);
        if (origin == null) {
            return new ConfigException("<defaults>", 0, message);
        }
        int colon = origin.lastIndexOf(':');
        int line;
        try {
            line = Integer.parseInt(origin.substring(colon + 1));
        } catch (NumberFormatException e) {
            return new ConfigException(origin, 0, message);
        }
        return new ConfigException(origin.substring(0, colon), line, message);
    }
}
