package org.jrouterd.transport.amqp;

import org.jrouterd.core.message.AnnotationRewriter;

/**
 * The {@link AnnotationRewriter} of each thread, shared by all the connections of an event loop: a rewriter keeps
 * only scratch space between calls (each call returns a new buffer), and it holds a proton-j encoder with its own
 * type registry, about 15 KB that each connection need not carry.
 *
 * <p>Threads: each rewriter belongs to the thread that got it; hand it to no other thread.
 */
final class LoopRewriters {

    private static final ThreadLocal<AnnotationRewriter> REWRITER = ThreadLocal.withInitial(AnnotationRewriter::new);

    private LoopRewriters() {
    }

    /** The calling thread's rewriter. */
    static AnnotationRewriter current() {
        return REWRITER.get();
    }
}
