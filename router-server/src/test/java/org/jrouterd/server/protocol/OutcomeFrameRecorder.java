package org.jrouterd.server.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.protonj2.test.driver.AMQPTestDriver;
import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.apache.qpid.protonj2.test.driver.ScriptedExpectation;
import org.apache.qpid.protonj2.test.driver.codec.transport.Disposition;
import org.apache.qpid.protonj2.test.driver.codec.transport.Flow;

/**
 * Records the disposition and flow frames a router sends to a producer when the order between them is not part
 * of the contract (outcomes relayed from a consumer's thread and a drain ordered by the core thread race each
 * other). Each {@link #expect} adds one script element that accepts exactly one frame of either kind; any other
 * frame fails the script as usual. The test then asserts on the recorded frames as a whole.
 *
 * <p>Threads: frames are recorded on the driver's event loop and read by the test thread after the script
 * completed.
 */
final class OutcomeFrameRecorder {

    private final List<Disposition> dispositions = new CopyOnWriteArrayList<>();
    private final List<Flow> flows = new CopyOnWriteArrayList<>();

    /** Adds {@code frames} script elements, each accepting one disposition or one flow. */
    void expect(ProtonTestClient peer, int frames) {
        for (int i = 0; i < frames; i++) {
            peer.getDriver().addScriptedElement(new DispositionOrFlow());
        }
    }

    List<Disposition> dispositions() {
        return List.copyOf(dispositions);
    }

    List<Flow> flows() {
        return List.copyOf(flows);
    }

    /** One script element: the next frame must be a disposition or a flow. */
    private final class DispositionOrFlow implements ScriptedExpectation {

        @Override
        public void handleDisposition(int frameSize, Disposition disposition, ByteBuffer payload, int channel,
                                      AMQPTestDriver driver) {
            dispositions.add(disposition);
        }

        @Override
        public void handleFlow(int frameSize, Flow flow, ByteBuffer payload, int channel, AMQPTestDriver driver) {
            flows.add(flow);
        }
    }
}
