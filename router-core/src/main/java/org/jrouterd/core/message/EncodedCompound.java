package org.jrouterd.core.message;

import static org.jrouterd.core.message.AmqpEncoding.LIST_0;
import static org.jrouterd.core.message.AmqpEncoding.LIST_32;
import static org.jrouterd.core.message.AmqpEncoding.LIST_8;
import static org.jrouterd.core.message.AmqpEncoding.MAP_32;
import static org.jrouterd.core.message.AmqpEncoding.MAP_8;
import static org.jrouterd.core.message.AmqpEncoding.NULL;
import static org.jrouterd.core.message.AmqpEncoding.u32;
import static org.jrouterd.core.message.AmqpEncoding.u8;

import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * The frame of one encoded AMQP list or map: how many elements it holds, where the first one starts and where the
 * compound ends. A map's elements are its keys and values, alternating. A null value opens as an empty compound.
 *
 * <p>Mutable and reused: {@link #open} overwrites the previous frame. Owned by the one thread that owns the
 * {@link RoutingPrefix} or {@link AnnotationRewriter} holding it.
 */
final class EncodedCompound {

    int count;
    int first;
    int end;

    /**
     * Reads the frame of the list ({@code map == false}) or map whose constructor is at {@code index}.
     *
     * @return false if the value there is something else, is malformed, or does not end by {@code limit}
     */
    boolean open(ReadableBuffer buffer, int index, int limit, boolean map) {
        if (index >= limit) {
            return false;
        }
        int code = u8(buffer, index);
        if (code == NULL || (code == LIST_0 && !map)) {
            return frame(0, index + 1, index + 1);
        }
        if ((code == LIST_8 && !map) || (code == MAP_8 && map)) {
            if (limit - index < 3) {
                return false;
            }
            long size = u8(buffer, index + 1);
            return size >= 1 && size <= limit - index - 2
                && frame(u8(buffer, index + 2), index + 3, (int) (index + 2 + size)) && (!map || count % 2 == 0);
        }
        if ((code == LIST_32 && !map) || (code == MAP_32 && map)) {
            if (limit - index < 9) {
                return false;
            }
            long size = u32(buffer, index + 1);
            long elements = u32(buffer, index + 5);
            return size >= 4 && size <= limit - index - 5 && elements <= Integer.MAX_VALUE
                && frame((int) elements, index + 9, (int) (index + 5 + size)) && (!map || count % 2 == 0);
        }
        return false;
    }

    private boolean frame(int elements, int firstElement, int compoundEnd) {
        count = elements;
        first = firstElement;
        end = compoundEnd;
        return elements <= compoundEnd - firstElement; // every element takes at least one byte
    }
}
