package org.jrouterd.tools.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** -b as Python Proton's Url reads it; the printed forms are what Python printed. */
class BusAddressTest {

    @Test
    void readsHostPortSchemeAndPath() {
        assertThat(BusAddress.parse("0.0.0.0")).hasToString("amqp://0.0.0.0:amqp");
        assertThat(BusAddress.parse("0.0.0.0").port()).isEqualTo(5672);
        assertThat(BusAddress.parse("127.0.0.1:5673")).hasToString("amqp://127.0.0.1:5673");
        BusAddress withPath = BusAddress.parse("amqp://h:1/foo");
        assertThat(withPath.path()).isEqualTo("foo");
        assertThat(withPath).hasToString("amqp://h:1/foo");
        assertThat(BusAddress.parse("[::1]:5672").host()).isEqualTo("::1");
        assertThat(BusAddress.parse("[::1]:5672")).hasToString("amqp://[::1]:5672");
    }
}
