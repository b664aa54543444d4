package org.jrouterd.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void templateDecodesAsAMessageWithToReplyToAndBody() {
        MessageTemplate t = MessageTemplate.of("service", "reply.1", 300);
        t.stamp(0x0102030405060708L);
        Message m = Proton.message();
        m.decode(t.bytes(), 0, t.length());
        assertThat(m.getAddress()).isEqualTo("service");
        assertThat(m.getReplyTo()).isEqualTo("reply.1");
        Binary body = ((Data) m.getBody()).getValue();
        assertThat(body.getLength()).isEqualTo(300);
        assertThat(MessageScanner.timestamp(t.bytes(), t.length())).isEqualTo(0x0102030405060708L);
    }

    @Test
    void smallBodyUsesVbin8AndCarriesNoStampBelowEightBytes() {
        MessageTemplate t = MessageTemplate.of("q", null, 4);
        t.stamp(99);
        Message m = Proton.message();
        m.decode(t.bytes(), 0, t.length());
        assertThat(((Data) m.getBody()).getValue().getLength()).isEqualTo(4);
        assertThat(m.getReplyTo()).isNull();
    }

    @Test
    void scannerFindsReplyToAndBodyBehindAnnotationsARouterAdded() {
        Message m = Proton.message();
        m.setMessageAnnotations(new MessageAnnotations(java.util.Map.of(Symbol.valueOf("x-opt-qd.ingress"), "0/A",
                Symbol.valueOf("x-opt-qd.trace"), java.util.List.of("0/A"))));
        m.setMessageId("id-1");
        m.setAddress("service");
        m.setSubject("s");
        m.setReplyTo("reply.7");
        byte[] body = new byte[64];
        MessageTemplate.writeLong(body, 56, 4242L);
        m.setBody(new Data(new Binary(body)));
        byte[] buf = new byte[1024];
        int n = m.encode(buf, 0, buf.length);

        String[] replyTo = new String[1];
        int bodyAt = MessageScanner.scan(buf, n, replyTo);
        assertThat(replyTo[0]).isEqualTo("reply.7");
        assertThat(buf[bodyAt + 2]).isEqualTo((byte) 0x75);
        assertThat(MessageScanner.timestamp(buf, n)).isEqualTo(4242L);
        assertThat(MessageScanner.timestamp(ReadableBuffer.ByteBufferReader.wrap(ByteBuffer.wrap(buf, 0, n))))
                .isEqualTo(4242L);
    }

    @Test
    void scannerSkipsEveryValueCategory() {
        byte[] values = {
            0x40,                                   // null
            0x52, 7,                                // smalluint
            0x60, 0, 1,                             // ushort
            0x71, 0, 0, 0, 1,                       // int
            (byte) 0x81, 0, 0, 0, 0, 0, 0, 0, 1,    // long
            (byte) 0x98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // uuid
            (byte) 0xa1, 2, 'h', 'i',               // str8
            (byte) 0xb0, 0, 0, 0, 1, 9,             // vbin32
            (byte) 0xc0, 2, 1, 0x41,                // list8 of one true
            0x00, 0x53, 0x70, 0x45,                 // described list0
        };
        int i = 0;
        int n = 0;
        while (i < values.length) {
            i = MessageScanner.skip(values, i);
            n++;
        }
        assertThat(i).isEqualTo(values.length);
        assertThat(n).isEqualTo(10);
    }
}
