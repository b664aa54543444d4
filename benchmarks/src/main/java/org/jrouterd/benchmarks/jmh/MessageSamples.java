package org.jrouterd.benchmarks.jmh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;

/** Encoded messages shaped like the traffic a router sees, built once per benchmark trial. */
final class MessageSamples {
    private MessageSamples() {
    }

    /** A client's message: header, properties with {@code to}, a {@code bodySize}-byte data body. */
    static byte[] fromClient(int bodySize) {
        Message m = Proton.message();
        m.setHeader(new Header());
        m.setAddress("service.compute.rpc");
        m.setMessageId("ID:1234-5678");
        m.setReplyTo("reply.abc123");
        m.setBody(new Data(new Binary(new byte[bodySize])));
        return encode(m);
    }

    /** The same message as an inter-router peer sends it: with router annotations (to, ingress, trace). */
    static byte[] fromRouter(int bodySize) {
        Message m = Proton.message();
        m.setHeader(new Header());
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("x-opt-qd.to"), "service.compute.rpc");
        annotations.put(Symbol.valueOf("x-opt-qd.ingress"), "0/RouterA");
        annotations.put(Symbol.valueOf("x-opt-qd.trace"), List.of("0/RouterA", "0/RouterB"));
        annotations.put(Symbol.valueOf("x-opt-app"), "kept");
        m.setMessageAnnotations(new MessageAnnotations(annotations));
        m.setAddress("service.compute.rpc");
        m.setMessageId("ID:1234-5678");
        m.setReplyTo("reply.abc123");
        m.setBody(new Data(new Binary(new byte[bodySize])));
        return encode(m);
    }

    private static byte[] encode(Message m) {
        byte[] buffer = new byte[1 << 20];
        int n = m.encode(buffer, 0, buffer.length);
        byte[] out = new byte[n];
        System.arraycopy(buffer, 0, out, 0, n);
        return out;
    }
}
