package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A connection closes itself on an ordinary failure, but a fatal one (an OutOfMemoryError) must go on down the
 * pipeline to the fatal error handler that ends the router: swallowed here, it left the process alive and useless.
 */
class FatalErrorPassThroughTest {

    @Test
    void anOutOfMemoryErrorIsPassedOnAndTheConnectionClosed() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            OutOfMemoryError injected = new OutOfMemoryError("injected");
            assertThat(engine.errorInHandler(injected)).isSameAs(injected);
            assertThat(engine.isOpen()).isFalse();
        }
    }

    @Test
    void anOrdinaryFailureStopsAtTheConnection() {
        try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
            assertThat(engine.errorInHandler(new IllegalStateException("a bug"))).isNull();
            assertThat(engine.isOpen()).isFalse();
        }
    }
}
