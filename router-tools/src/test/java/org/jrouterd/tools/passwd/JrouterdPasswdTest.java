package org.jrouterd.tools.passwd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.users.UserStoreFile;
import org.jrouterd.transport.sasl.users.UserTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jrouterd-passwd adds, changes, deletes and lists users; the store holds keys, never passwords. */
class JrouterdPasswdTest {

    @TempDir
    Path folder;

    private record Result(int status, String out, String err) {
    }

    private Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JrouterdPasswd.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void addsAUserFromStandardInputIntoAFileOnlyItsOwnerReads() throws Exception {
        Path store = folder.resolve("users");
        Result added = run("pa55word\n", "-f", store.toString(), "add", "alice");
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("added user alice");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        String text = Files.readString(store);
        assertThat(text).doesNotContain("pa55word").contains("SCRAM-SHA-1=", "SCRAM-SHA-256=", "SCRAM-SHA-512=");
        UserTable table = UserTable.parse(text);
        assertThat(table.find("alice").verifies("pa55word")).isTrue();
        assertThat(table.find("alice").verifies("other")).isFalse();
        assertThat(table.find("alice").keys()).containsOnlyKeys(ScramAlgorithm.values());
        assertThat(folder.toFile().list()).as("no temporary file left").containsExactly("users");
    }

    @Test
    void changesDeletesAndListsUsers() throws Exception {
        Path store = folder.resolve("users");
        Path secret = Files.writeString(folder.resolve("secret"), "first\n");
        assertThat(run("", "-f", store.toString(), "--password-file", secret.toString(), "add", "alice").status())
                .isZero();
        assertThat(run("b0b\n", "-f", store.toString(), "add", "bob").status()).isZero();
        Result again = run("x\n", "-f", store.toString(), "add", "alice");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        UserStoreFile router = new UserStoreFile(store).load();
        assertThat(router.find("alice").verifies("first")).isTrue();
        assertThat(run("second\n", "-f", store.toString(), "change", "alice").status()).isZero();
        assertThat(router.find("alice").verifies("second")).as("the router's view follows the file").isTrue();

        assertThat(run("", "-f", store.toString(), "list").out()).isEqualTo("alice\nbob\n");
        assertThat(run("", "-f", store.toString(), "delete", "bob").status()).isZero();
        assertThat(router.find("bob")).isNull();
        assertThat(run("", "-f", store.toString(), "delete", "bob").status()).isEqualTo(1);
        assertThat(run("x\n", "-f", store.toString(), "change", "carol").err()).contains("no user carol");
    }

    @Test
    void refusesEmptyPasswordsBadNamesAndBadUsage() {
        Path store = folder.resolve("users");
        assertThat(run("\n", "-f", store.toString(), "add", "alice").err()).contains("empty password");
        assertThat(run("pw\n", "-f", store.toString(), "add", "al ice").status()).isEqualTo(2);
        assertThat(run("pw\n", "-f", store.toString(), "add").status()).isEqualTo(2);
        assertThat(run("pw\n", "add", "alice").status()).isEqualTo(2);
        assertThat(run("pw\n", "-f", store.toString(), "--iterations", "10", "add", "alice").status()).isEqualTo(2);
        assertThat(Files.exists(store)).isFalse();
    }
}
