package org.jrouterd.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An embedded router without an id gets one by the rule the daemon and qdrouterd use. */
class RouterIdTest {

    @Test
    void withoutAnIdTheRouterMakesOneFromItsModeAsTheDaemonDoes() {
        try (Router standalone = Router.builder().start();
             Router interior = Router.builder().mode(RouterMode.INTERIOR).start();
             Router other = Router.builder().start()) {
            assertThat(standalone.id()).matches("Standalone_[A-Za-z0-9+_]{15}");
            assertThat(interior.id()).matches("Interior_[A-Za-z0-9+_]{15}");
            assertThat(other.id()).isNotEqualTo(standalone.id());
        }
    }

    @Test
    void aGivenIdIsKept() {
        try (Router router = Router.builder().id("A").start()) {
            assertThat(router.id()).isEqualTo("A");
        }
    }
}
