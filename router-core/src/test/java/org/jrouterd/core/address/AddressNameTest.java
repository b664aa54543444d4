package org.jrouterd.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressNameTest {

    @ParameterizedTest
    @CsvSource({
        "amqp://example.com:5672/foo, foo",
        "amqp://example.com/a/b.c, a/b.c",
        "amqps://host/queue, queue",
        "amqp:///foo, foo",
        "amqp:/_topo/0/A/temp.x, _topo/0/A/temp.x",
        "amqp:/_$temp.abc, _$temp.abc",
        "AMQP://Host/foo, foo",
    })
    void stripsSchemeAndHost(String address, String name) {
        assertThat(AddressName.normalize(address)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "foo.bar/baz", "_local/x", "_topo/0/A/temp.x", "$management", "amqp://host",
        "foo:bar", "1amqp://host/foo", "", "amqp:"})
    void leavesOtherAddressesUnchanged(String address) {
        assertThat(AddressName.normalize(address)).isSameAs(address);
    }

    @Test
    void normalizesAnEmptyPathToAnEmptyName() {
        assertThat(AddressName.normalize("amqp://host/")).isEmpty();
        assertThat(AddressName.normalize("amqp:/")).isEmpty();
    }

    @Test
    void returnsNullForNull() {
        assertThat(AddressName.normalize(null)).isNull();
    }
}
