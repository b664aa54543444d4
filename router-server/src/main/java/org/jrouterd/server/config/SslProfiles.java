package org.jrouterd.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrouterd.mgmt.config.ConfigException;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.transport.sasl.external.UidNameMapping;
import org.jrouterd.transport.tls.ConnectorTls;
import org.jrouterd.transport.tls.ListenerTls;
import org.jrouterd.transport.tls.TlsMaterial;
import org.jrouterd.transport.tls.TlsProfile;
import org.jrouterd.transport.tls.TlsSetupException;

/**
 * The {@code sslProfile} sections of a configuration, by name, and what a listener or connector that names one
 * gets: its TLS, or an error at the line at fault (an unknown name at the {@code sslProfile} attribute, a missing,
 * unreadable or garbled file or a wrong password at the profile's own attribute). Each profile's files are read
 * when it is declared, so a broken one fails the start even if nothing uses it yet. Single-use, on the starting
 * thread.
 */
public final class SslProfiles {

    private record Declared(TlsProfile profile, EntityCreate create, UidNameMapping uidNames) {
    }

    private final Map<String, Declared> byName = new HashMap<>();

    /** No profiles: what a listener or connector created through management sees (it cannot name one yet). */
    public static SslProfiles none() {
        return new SslProfiles();
    }

    /** Adds an {@code sslProfile} section, after reading and checking its files. */
    void add(EntityCreate create) throws ConfigException {
        String name = create.name();
        if (name == null) {
            throw ConfiguredRouter.error(create, null, "sslProfile: a profile needs a name");
        }
        if (byName.containsKey(name)) {
            throw ConfiguredRouter.error(create, "name", "sslProfile: another sslProfile is named '" + name + "'");
        }
        String password = create.string("password");
        if (password == null && create.has("passwordFile")) {
            password = firstLine(create, create.string("passwordFile"));
        }
        String protocols = create.string("protocols");
        TlsProfile profile = new TlsProfile(name, path(create, "certFile"), path(create, "privateKeyFile"), password,
                path(create, "caCertFile"),
                protocols == null || protocols.isBlank() ? List.of() : Arrays.asList(protocols.trim().split("\\s+")),
                create.string("ciphers"), create.string("uidFormat"));
        try {
            TlsMaterial.load(profile);
        } catch (TlsSetupException e) {
            throw profileError(create, e);
        }
        byName.put(name, new Declared(profile, create, uidNames(create)));
    }

    /** The TLS of a listener entity, or null when it names no sslProfile. */
    ListenerTls listenerTls(EntityCreate listener, List<String> saslMechanisms) throws ConfigException {
        boolean requireSsl = Boolean.TRUE.equals(listener.bool("requireSsl"))
                || Boolean.TRUE.equals(listener.bool("requireEncryption"));
        String name = listener.string("sslProfile");
        if (name == null || name.isBlank()) {
            if (requireSsl) {
                String attribute = Boolean.TRUE.equals(listener.bool("requireSsl")) ? "requireSsl"
                        : "requireEncryption";
                throw ConfiguredRouter.error(listener, attribute, "listener: attribute '" + attribute
                        + "': TLS is required but the listener names no sslProfile");
            }
            return null;
        }
        Declared declared = declared(listener, name);
        // As qdrouterd 1.19 (connection_manager.c): a client certificate is required exactly when the listener's
        // saslMechanisms include EXTERNAL; authenticatePeer alone asks for SASL, not for a certificate.
        boolean requireCertificate = saslMechanisms.stream()
                .anyMatch(m -> m.toUpperCase(Locale.ROOT).equals("EXTERNAL"));
        try {
            return ListenerTls.of(declared.profile(), requireSsl, requireCertificate)
                    .withUidNames(declared.uidNames());
        } catch (TlsSetupException e) {
            throw ConfiguredRouter.error(listener, "sslProfile", "listener: attribute 'sslProfile': "
                    + e.getMessage());
        }
    }

    /** The TLS of a connector entity, or null when it names no sslProfile. */
    ConnectorTls connectorTls(EntityCreate connector) throws ConfigException {
        String name = connector.string("sslProfile");
        if (name == null || name.isBlank()) {
            return null;
        }
        Declared declared = declared(connector, name);
        try {
            return ConnectorTls.of(declared.profile(), !Boolean.FALSE.equals(connector.bool("verifyHostname")));
        } catch (TlsSetupException e) {
            throw ConfiguredRouter.error(connector, "sslProfile", "connector: attribute 'sslProfile': "
                    + e.getMessage());
        }
    }

    private Declared declared(EntityCreate user, String name) throws ConfigException {
        Declared declared = byName.get(name);
        if (declared == null) {
            String type = user.type().shortName();
            throw ConfiguredRouter.error(user, "sslProfile", type + ": attribute 'sslProfile': there is no "
                    + "sslProfile named '" + name + "'" + (byName.isEmpty() ? "" : " (there are: "
                    + String.join(", ", byName.keySet().stream().sorted().toList()) + ")"));
        }
        return declared;
    }

    /** The profile's {@code uidNameMappingFile}, read now: a file that cannot be used stops the start at its line. */
    private static UidNameMapping uidNames(EntityCreate create) throws ConfigException {
        Path file = path(create, "uidNameMappingFile");
        if (file == null) {
            return UidNameMapping.NONE;
        }
        try {
            return UidNameMappingFile.read(file);
        } catch (IOException e) {
            throw ConfiguredRouter.error(create, "uidNameMappingFile", "sslProfile '" + create.name()
                    + "': attribute 'uidNameMappingFile': cannot read '" + file + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ConfiguredRouter.error(create, "uidNameMappingFile", "sslProfile '" + create.name()
                    + "': attribute 'uidNameMappingFile': " + e.getMessage());
        }
    }

    private static Path path(EntityCreate create, String attribute) {
        String value = create.string(attribute);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String firstLine(EntityCreate create, String file) throws ConfigException {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw ConfiguredRouter.error(create, "passwordFile", "sslProfile: attribute 'passwordFile': cannot "
                    + "read '" + file + "'");
        }
    }

    private static ConfigException profileError(EntityCreate create, TlsSetupException e) {
        String attribute = e.attribute() != null && create.isGiven(e.attribute()) ? e.attribute() : null;
        return ConfiguredRouter.error(create, attribute, "sslProfile '" + create.name() + "': "
                + (e.attribute() == null ? "" : "attribute '" + e.attribute() + "': ") + e.getMessage());
    }
}
