package org.jrouterd.mgmt.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.jrouterd.mgmt.config.ConfigParser.Mode;
import org.jrouterd.mgmt.schema.AttributeDef;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;
import org.junit.jupiter.api.Test;

/**
 * Nothing is silently ignored: an attribute jrouterd accepts without acting on it, and a deprecated one, is
 * warned about at its own line, saying what to write instead or why it has no effect.
 */
class IgnoredAttributeWarningTest {

    private final ConfigParser parser = new ConfigParser(EntitySchema.qdrouterd(), Map.<String, String>of()::get);

    private ParsedConfig load(String text) throws ConfigException {
        return parser.load("q.conf", text, Path.of("."), Mode.RUN);
    }

    @Test
    void attributesWithoutEffectAreWarnedAboutAtTheirLine() throws ConfigException {
        ParsedConfig parsed = load("""
                router {
                    id: A
                    debugDumpFile: /tmp/dump
                    saslConfigName: qdrouterd
                    timestampFormat: %Y
                    allowResumableLinkRoute: no
                    metadata: rack 4
                }
                listener {
                    port: 0
                    healthz: no
                }
                connector {
                    port: 5672
                    allowRedirect: no
                    verifyHostName: no
                }
                """);

        assertThat(parsed.warnings()).containsExactly(
                "q.conf:3: router: attribute 'debugDumpFile' has no effect in jrouterd (qdrouterd dumps its memory "
                        + "pools there at exit; jrouterd has no memory pools); ignored",
                "q.conf:5: router: attribute 'timestampFormat' has no effect in jrouterd (log timestamps keep "
                        + "qdrouterd's default format; a custom format is not supported yet); ignored",
                "q.conf:6: router: attribute 'allowResumableLinkRoute' has no effect in jrouterd (link routes are "
                        + "not supported yet); ignored",
                "q.conf:7: router: attribute 'metadata' has no effect in jrouterd (only management reads it, and "
                        + "jrouterd does not serve $management yet); ignored",
                "q.conf:11: listener: attribute 'healthz' has no effect in jrouterd (only an http listener uses it,"
                        + " and http listeners are not supported yet); ignored",
                "q.conf:15: connector: attribute 'allowRedirect' has no effect in jrouterd (jrouterd does not "
                        + "follow a peer's redirect yet: it retries the same address and then failoverUrls); ignored",
                "q.conf:16: connector: attribute 'verifyHostName' is deprecated, use 'verifyHostname'");
    }

    @Test
    void deprecatedAttributeWithoutANewNameSaysWhatToDoInstead() throws ConfigException {
        ParsedConfig parsed = load("""
                router {
                    allowUnsettledMulticast: yes
                }
                """);

        assertThat(parsed.warnings()).containsExactly("q.conf:2: router: attribute 'allowUnsettledMulticast' is "
                + "deprecated: qdrouterd 1.19 ignores it and so does jrouterd: unsettled multicast is always allowed, "
                + "and its sender learns the outcome once every member has settled its copy");
    }

    @Test
    void timestampsInUtcIsAppliedSoItIsNotWarnedAbout() throws ConfigException {
        assertThat(load("router {\n    timestampsInUTC: yes\n}\n").warnings()).isEmpty();
    }

    /** qdrouterd's schema marks these deprecated: each must say so, with what to use instead. */
    @Test
    void everyAttributeQdrouterdDeprecatesHasAReplacementOrAdvice() {
        EntitySchema schema = EntitySchema.qdrouterd();
        assertThat(advice(schema.type("sslProfile"), "passwordFile")).isEqualTo("use 'password: file:PATH'");
        assertThat(advice(schema.type("authServicePlugin"), "authService")).isEqualTo("use 'host' and 'port'");
        assertThat(advice(schema.type("listener"), "trustedCertsFile")).isEqualTo("use the sslProfile's 'caCertFile'");
        assertThat(advice(schema.type("router"), "allowUnsettledMulticast")).startsWith("qdrouterd 1.19 ignores it");
        for (EntityType type : schema.types().values()) {
            for (AttributeDef def : type.attributes().values()) {
                if (def.deprecated() && type.configuration()) {
                    assertThat(def.deprecationAdvice()).as("%s.%s", type.shortName(), def.name()).isNotBlank();
                }
            }
        }
    }

    private static String advice(EntityType type, String attribute) {
        AttributeDef def = type.attribute(attribute);
        assertThat(def.deprecated()).as(attribute).isTrue();
        return def.deprecationAdvice();
    }
}
