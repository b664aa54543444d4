package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router in an instance field: a fresh one for each test, the previous one stopped.
 *
 * <p>Threads: the tests run one after the other on JUnit's thread, which writes and reads {@code previous}.
 */
@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterExtensionPerTestTest {

    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    private static Router previous;

    @Test
    @Order(1)
    void firstTestGetsARunningRouter() throws IOException {
        AmqpClients.exchangeProtocolHeaders(router.host(), router.port());
        previous = router.router();
    }

    @Test
    @Order(2)
    void nextTestGetsANewRouterAndTheFirstIsStopped() throws IOException {
        assertThat(previous).as("the first test ran").isNotNull();
        assertThat(router.router()).isNotSameAs(previous);
        AmqpClients.exchangeProtocolHeaders(router.host(), router.port());
        assertThatThrownBy(() -> AmqpClients.exchangeProtocolHeaders("127.0.0.1", previous.port()))
                .isInstanceOf(IOException.class);
    }
}
