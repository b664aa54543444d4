/**
 * The encoded AMQP 1.0 message on the routing path, handled as bytes: {@link org.jrouterd.core.message.RoutingPrefix}
 * scans a received message for what routing needs (header priority and durability, {@code to}, the router's
 * {@code x-opt-qd.*} annotations, section offsets) without decoding it, and
 * {@link org.jrouterd.core.message.AnnotationRewriter} builds a copy with a new message-annotations section while
 * every other section passes through byte for byte. A proton-j {@code Message} is never built here.
 *
 * <p>Threads: both classes are reusable, mutable and owned by one I/O thread each (the thread that received the
 * message, or the one forwarding it). They read the message buffer with absolute gets only and never move it, so
 * the same immutable buffer may be shared with other threads through duplicates.
 */
package org.jrouterd.core.message;
