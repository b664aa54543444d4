package org.jrouterd.transport.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jrouterd.core.engine.FatalErrors;

/**
 * The last handler of a pipeline: reports a fatal error (a {@link VirtualMachineError}, see
 * {@link FatalErrors#isFatal}) that reaches it through {@code exceptionCaught} to the router's
 * {@link FatalErrors}, and passes everything else on unchanged. On a listener socket the acceptor passes every
 * accept error on, so an {@link OutOfMemoryError} while accepting reaches it; on a connection it sees what the
 * handlers before it pass on with {@code fireExceptionCaught}.
 *
 * <p>Threads: the event loops of the channels it is in; it has no state of its own (shared by every pipeline).
 */
@ChannelHandler.Sharable
public final class FatalErrorHandler extends ChannelInboundHandlerAdapter {

    /** The handler's name in a pipeline. */
    public static final String NAME = "fatal-errors";

    private final FatalErrors fatalErrors;

    public FatalErrorHandler(FatalErrors fatalErrors) {
        this.fatalErrors = fatalErrors;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!fatalErrors.reportIfFatal("event loop " + Thread.currentThread().getName() + " (channel "
                + context.channel() + ")", cause)) {
            context.fireExceptionCaught(cause);
        }
    }
}
