package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dynamic addresses have qdrouterd's shapes: a fixed-length random part of letters and digits, never repeated. */
class DynamicAddressesTest {

    @Test
    void sourcesAndTargetsHaveQdrouterdsShapeAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String source = DynamicAddresses.source("A");
            assertThat(source).matches("amqp:/_topo/0/A/temp\\.[A-Za-z0-9]{15}");
            assertThat(DynamicAddresses.target()).matches("amqp:/_\\$temp\\.[A-Za-z0-9]{15}");
            assertThat(seen.add(source)).as("new: %s", source).isTrue();
        }
    }
}
