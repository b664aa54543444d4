package org.jrouterd.transport.amqp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * A seeded mutator of recorded AMQP sessions: the same seed gives the same input. It works at three levels, as a
 * fuzzer of a stateful protocol must to get past the first frame: the frame sequence (drop, repeat, swap, move,
 * splice in a frame of another session, cut the input short), the performatives (re-encoded with another handle,
 * channel, role, delivery id or flag), and the bytes (flips, interesting values, insertions, deletions, a wrong
 * size). The result is cut into reads at random points.
 *
 * <p>Threads: one instance per worker thread (it holds a {@link Random} and a codec).
 */
final class FrameMutator {

    private static final byte[] INTERESTING = {0x00, 0x01, (byte) 0xFF, 0x7F, (byte) 0x80, 0x40, 0x41, 0x42, 0x43,
        0x44, 0x45, 0x50, 0x52, 0x53, 0x70, (byte) 0xA0, (byte) 0xA1, (byte) 0xA3, (byte) 0xB0, (byte) 0xC0,
        (byte) 0xC1, (byte) 0xD0, (byte) 0xE0};

    private final List<List<byte[]>> corpus;
    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);

    FrameMutator(List<List<byte[]>> corpus) {
        this.corpus = corpus;
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** One fuzz input: a mutated session, as the reads that deliver it. */
    List<byte[]> mutate(long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>(corpus.get(random.nextInt(corpus.size())));
        if (frames.size() == 1) {
            frames = splitFrames(frames.get(0));
        }
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && !frames.isEmpty(); i++) {
            mutateOnce(random, frames);
        }
        return cutIntoReads(random, AmqpWire.concat(frames));
    }

    private void mutateOnce(Random random, List<byte[]> frames) {
        int at = random.nextInt(frames.size());
        switch (random.nextInt(12)) {
            case 0 -> frames.remove(at);
            case 1 -> frames.add(at, frames.get(random.nextInt(frames.size())));
            case 2 -> {
                int other = random.nextInt(frames.size());
                byte[] swap = frames.get(at);
                frames.set(at, frames.get(other));
                frames.set(other, swap);
            }
            case 3 -> frames.add(random.nextInt(frames.size()), frames.remove(at));
            case 4 -> {
                List<byte[]> donor = corpus.get(random.nextInt(corpus.size()));
                List<byte[]> donorFrames = donor.size() == 1 ? splitFrames(donor.get(0)) : donor;
                frames.add(at, donorFrames.get(random.nextInt(donorFrames.size())));
            }
            case 5 -> {
                byte[] all = AmqpWire.concat(frames);
                frames.clear();
                frames.add(Arrays.copyOf(all, random.nextInt(all.length + 1)));
            }
            case 6, 7, 8 -> frames.set(at, mutatePerformative(random, frames.get(at)));
            case 9 -> frames.set(at, setChannel(random, frames.get(at)));
            default -> frames.set(at, mutateBytes(random, frames.get(at)));
        }
    }

    /** Re-encodes a frame's performative with one field changed (keeping any payload that follows it). */
    private byte[] mutatePerformative(Random random, byte[] frame) {
        if (!isFrame(frame)) {
            return mutateBytes(random, frame);
        }
        int dataOffset = (frame[4] & 0xFF) * 4;
        ByteBuffer body = ByteBuffer.wrap(frame, dataOffset, frame.length - dataOffset).slice();
        Object performative;
        try {
            decoder.setByteBuffer(body);
            performative = decoder.readObject();
        } catch (RuntimeException e) {
            return mutateBytes(random, frame);
        }
        byte[] payload = Arrays.copyOfRange(frame, dataOffset + body.position(), frame.length);
        UnsignedInteger small = UnsignedInteger.valueOf(random.nextInt(3));
        if (performative instanceof Attach attach) {
            switch (random.nextInt(4)) {
                case 0 -> attach.setHandle(small);
                case 1 -> attach.setRole(attach.getRole() == Role.SENDER ? Role.RECEIVER : Role.SENDER);
                case 2 -> attach.setName("fuzz-sender");
                default -> attach.setInitialDeliveryCount(UnsignedInteger.valueOf(random.nextInt()));
            }
        } else if (performative instanceof Transfer transfer) {
            switch (random.nextInt(6)) {
                case 0 -> transfer.setHandle(small);
                case 1 -> transfer.setMore(!transfer.getMore());
                case 2 -> transfer.setSettled(!Boolean.TRUE.equals(transfer.getSettled()));
                case 3 -> transfer.setAborted(!transfer.getAborted());
                case 4 -> transfer.setDeliveryId(random.nextBoolean() ? null : small);
                default -> transfer.setDeliveryTag(new Binary(new byte[] {(byte) random.nextInt(3)}));
            }
        } else if (performative instanceof Detach detach) {
            if (random.nextBoolean()) {
                detach.setHandle(small);
            } else {
                detach.setClosed(!detach.getClosed());
            }
        } else if (performative instanceof Flow flow) {
            switch (random.nextInt(3)) {
                case 0 -> flow.setHandle(random.nextBoolean() ? null : small);
                case 1 -> flow.setLinkCredit(UnsignedInteger.valueOf(random.nextInt(4)));
                default -> flow.setDrain(!flow.getDrain());
            }
        } else if (performative instanceof Disposition disposition) {
            switch (random.nextInt(3)) {
                case 0 -> disposition.setRole(disposition.getRole() == Role.SENDER ? Role.RECEIVER : Role.SENDER);
                case 1 -> disposition.setFirst(small);
                default -> disposition.setSettled(!disposition.getSettled());
            }
        } else if (performative instanceof Begin begin) {
            begin.setRemoteChannel(random.nextBoolean() ? null : UnsignedShort.valueOf((short) random.nextInt(3)));
        } else {
            return mutateBytes(random, frame);
        }
        ByteBuffer out = ByteBuffer.allocate(frame.length + 64);
        encoder.setByteBuffer(out);
        encoder.writeObject(performative);
        byte[] encoded = Arrays.copyOf(out.array(), out.position());
        return AmqpWire.frame(frame[5], ((frame[6] & 0xFF) << 8) | (frame[7] & 0xFF),
                AmqpWire.concat(encoded, payload));
    }

    private static byte[] setChannel(Random random, byte[] frame) {
        if (!isFrame(frame)) {
            return frame;
        }
        byte[] copy = frame.clone();
        copy[6] = 0;
        copy[7] = (byte) random.nextInt(3);
        return copy;
    }

    private static byte[] mutateBytes(Random random, byte[] frame) {
        if (frame.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] copy = frame.clone();
        int at = random.nextInt(copy.length);
        switch (random.nextInt(6)) {
            case 0 -> copy[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> copy[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(copy, 0, at);
                for (int i = random.nextInt(8) + 1; i > 0; i--) {
                    out.write(random.nextInt(256));
                }
                out.write(copy, at, copy.length - at);
                return out.toByteArray();
            }
            case 3 -> {
                int end = Math.min(copy.length, at + 1 + random.nextInt(8));
                byte[] shorter = new byte[copy.length - (end - at)];
                System.arraycopy(copy, 0, shorter, 0, at);
                System.arraycopy(copy, end, shorter, at, copy.length - end);
                return shorter;
            }
            case 4 -> {
                if (copy.length >= 4) {
                    ByteBuffer.wrap(copy).putInt(0, copy.length + random.nextInt(64) - 32);
                }
            }
            default -> copy[at] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static boolean isFrame(byte[] bytes) {
        return bytes.length >= 8 && bytes[0] != 'A' && ByteBuffer.wrap(bytes).getInt(0) == bytes.length
                && (bytes[4] & 0xFF) * 4 >= 8 && (bytes[4] & 0xFF) * 4 <= bytes.length;
    }

    /** Splits a pipelined write back into its header and frames. */
    private static List<byte[]> splitFrames(byte[] bytes) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int size = bytes[at] == 'A' ? 8 : ByteBuffer.wrap(bytes).getInt(at);
            frames.add(Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        return frames;
    }

    private static List<byte[]> cutIntoReads(Random random, byte[] input) {
        List<byte[]> reads = new ArrayList<>();
        int cuts = random.nextInt(4);
        int start = 0;
        for (int i = 0; i < cuts && start < input.length; i++) {
            int end = start + 1 + random.nextInt(input.length - start);
            reads.add(Arrays.copyOfRange(input, start, end));
            start = end;
        }
        if (start < input.length) {
            reads.add(Arrays.copyOfRange(input, start, input.length));
        }
        return reads;
    }
}
