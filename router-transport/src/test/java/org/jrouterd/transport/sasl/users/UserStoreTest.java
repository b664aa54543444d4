package org.jrouterd.transport.sasl.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.List;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user store's format, its reloading file, and the SASL configuration file that names it. */
class UserStoreTest {

    @TempDir
    Path folder;

    private static UserCredentials user(String name, String password) {
        return UserCredentials.create(name, password, 4096, new SecureRandom());
    }

    @Test
    void formatsAndParsesBackTheSameKeysWithoutThePassword() {
        UserTable table = UserTable.empty().with(user("alice", "pw-a")).with(user("bob", "pw-b"));
        String text = table.format();
        assertThat(text).startsWith("# jrouterd user store").doesNotContain("pw-a").doesNotContain("pw-b");
        UserTable back = UserTable.parse(text);
        assertThat(back.users()).extracting(UserCredentials::name).containsExactly("alice", "bob");
        assertThat(back.find("alice").verifies("pw-a")).isTrue();
        assertThat(back.find("alice").verifies("pw-b")).isFalse();
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            assertThat(back.find("bob").keys().get(algorithm)).isEqualTo(table.find("bob").keys().get(algorithm));
        }
        assertThat(back.without("alice").find("alice")).isNull();
    }

    @Test
    void refusesMalformedLinesNamingTheLine() {
        assertThatThrownBy(() -> UserTable.parse("# header\nalice 4096\n")).hasMessageStartingWith("line 2:");
        assertThatThrownBy(() -> UserTable.parse("alice many c2FsdA== SCRAM-SHA-1=AA==:AA==\n"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> UserTable.parse("alice 4096 c2FsdA== MD5=AA==:AA==\n"))
                .hasMessageContaining("not SCRAM-SHA-n");
        assertThatThrownBy(() -> UserTable.parse("alice 4096 c2FsdA== SCRAM-SHA-256=AA==:AA==\n"))
                .hasMessageContaining("32 bytes");
        String line = UserTable.empty().with(user("alice", "x")).format();
        assertThatThrownBy(() -> UserTable.parse(line + line.substring(line.indexOf('\n') + 1)))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> user("two words", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> user("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileIsReadAgainWhenItChangesAndKeptWhenItBreaks() throws Exception {
        Path store = folder.resolve("users");
        Files.writeString(store, UserTable.empty().with(user("alice", "one")).format());
        UserStoreFile file = new UserStoreFile(store).load();
        assertThat(file.find("alice").verifies("one")).isTrue();
        assertThat(file.find("bob")).isNull();

        replace(store, UserTable.empty().with(user("alice", "two")).with(user("bob", "b")).format());
        assertThat(file.find("bob")).isNotNull();
        assertThat(file.find("alice").verifies("two")).isTrue();

        replace(store, "garbage line\n");
        assertThat(file.find("bob")).as("the users read last stay").isNotNull();
        Files.delete(store);
        assertThat(file.find("alice")).isNotNull();
        replace(store, UserTable.empty().with(user("carol", "c")).format());
        assertThat(file.find("carol")).isNotNull();
        assertThat(file.find("alice")).isNull();
    }

    private void replace(Path store, String text) throws Exception {
        Path next = Files.writeString(folder.resolve("next"), text);
        Files.move(next, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void saslConfigurationGivesMechListAndAStorePathBesideIt() throws Exception {
        Path conf = Files.writeString(folder.resolve("qdrouterd.conf"), String.join("\n",
                "# Cyrus",
                "pwcheck_method: auxprop",
                "mech_list: scram-sha-256 PLAIN",
                "sasldb_path: /var/lib/qdrouterd/qdrouterd.sasldb",
                "jrouterd_user_store: users.store",
                ""));
        SaslConfigFile read = SaslConfigFile.read(conf);
        assertThat(read.mechList()).isEqualTo(List.of("SCRAM-SHA-256", "PLAIN"));
        assertThat(read.userStore()).isEqualTo(folder.toAbsolutePath().resolve("users.store"));
        assertThat(read.sasldbPath()).isEqualTo("/var/lib/qdrouterd/qdrouterd.sasldb");
        assertThat(SaslConfigFile.locate(folder, "qdrouterd")).isEqualTo(folder.resolve("qdrouterd.conf"));
        Path bad = Files.writeString(folder.resolve("bad.conf"), "no colon here\n");
        assertThatThrownBy(() -> SaslConfigFile.read(bad)).hasMessageContaining("bad.conf:1");
    }
}
