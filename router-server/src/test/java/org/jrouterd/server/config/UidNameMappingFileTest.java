package org.jrouterd.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jrouterd.transport.sasl.external.UidNameMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qdrouterd's uidNameMappingFile: a JSON object of user id to display name. */
class UidNameMappingFileTest {

    @TempDir
    Path folder;

    @Test
    void mapsListedIdsAndLeavesOthersAsTheyAre() throws Exception {
        Path file = Files.writeString(folder.resolve("names.json"), """
                {
                    "US;Acme Corp;Messaging": "alice",
                    "9fd3b1c0aa": "bob"
                }
                """);
        UidNameMapping mapping = UidNameMappingFile.read(file);
        assertThat(mapping.nameOf("US;Acme Corp;Messaging")).isEqualTo("alice");
        assertThat(mapping.nameOf("9fd3b1c0aa")).isEqualTo("bob");
        assertThat(mapping.nameOf("US;Other")).isEqualTo("US;Other");
    }

    @Test
    void refusesWhatIsNotAnObjectOfStrings() throws Exception {
        Path list = Files.writeString(folder.resolve("list.json"), "[\"a\", \"b\"]");
        Path number = Files.writeString(folder.resolve("number.json"), "{\"a\": 1}");
        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"a\": ");
        assertThatThrownBy(() -> UidNameMappingFile.read(list)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UidNameMappingFile.read(number)).hasMessageContaining("not a string");
        assertThatThrownBy(() -> UidNameMappingFile.read(broken)).hasMessageContaining("not JSON");
    }
}
