package org.jrouterd.transport.server;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.engine.FatalErrors;

/**
 * Netty event loops that report fatal errors to the router's {@link FatalErrors} instead of only logging them.
 *
 * <p>Netty survives almost anything a loop runs: a task that throws (even an {@link OutOfMemoryError}) is logged
 * as "A task raised an exception" and the loop carries on; a scheduled or submitted task's error only fails its
 * future; an error that escapes the loop itself ends the thread with one WARN line. Each is a way to become alive
 * but useless. So each loop of this group:
 * <ul>
 *   <li>runs every queued task ({@code execute}, and scheduled tasks when they are due) through a guard that
 *       reports a {@link VirtualMachineError} before Netty swallows it;</li>
 *   <li>guards the tasks given to {@code schedule} and {@code submit} the same way, before their futures take
 *       the error;</li>
 *   <li>reports anything that ends its run loop (the loop dies) and, as a last resort, anything its thread does
 *       not catch (an {@link Thread.UncaughtExceptionHandler}).</li>
 * </ul>
 * An error thrown in a channel handler does not reach a loop (the pipeline hands it to the handler's
 * {@code exceptionCaught}); {@link FatalErrorHandler}, last in each pipeline, reports those that reach it.
 *
 * <p>Threads: created and shut down by the router's owning thread; each loop's state is its own thread's.
 */
public final class GuardedEventLoopGroup extends MultiThreadIoEventLoopGroup {

    /**
     * A group of {@code threads} loops on daemon threads named {@code <threadPrefix>-<group>-<n>}, reporting to
     * {@code fatalErrors}.
     */
    public GuardedEventLoopGroup(int threads, String threadPrefix, IoHandlerFactory io, FatalErrors fatalErrors) {
        // newChild runs inside the super constructor, before fields are set: FatalErrors reaches it as an argument.
        super(threads, new GuardedThreadFactory(threadPrefix, fatalErrors), io, fatalErrors);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory io, Object... args) {
        return new GuardedEventLoop(this, executor, io, (FatalErrors) args[0]);
    }

    /** Names the loops' threads and reports what they do not catch. */
    private static final class GuardedThreadFactory extends DefaultThreadFactory {
        private final FatalErrors fatalErrors;

        GuardedThreadFactory(String prefix, FatalErrors fatalErrors) {
            super(prefix, true);
            this.fatalErrors = fatalErrors;
        }

        @Override
        protected Thread newThread(Runnable runnable, String name) {
            Thread thread = super.newThread(runnable, name);
            thread.setUncaughtExceptionHandler(
                    (dead, error) -> fatalErrors.report("event loop thread " + dead.getName(), error));
            return thread;
        }
    }

    /** One loop whose tasks and run loop report fatal errors. Threads: its own, except the submitting methods. */
    private static final class GuardedEventLoop extends SingleThreadIoEventLoop {
        private final FatalErrors fatalErrors;
        private final GuardedTask polledGuard = new GuardedTask(null);

        GuardedEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory io, FatalErrors fatalErrors) {
            super(parent, executor, io);
            this.fatalErrors = fatalErrors;
        }

        @Override
        protected void run() {
            try {
                super.run();
            } catch (Throwable error) {
                fatalErrors.report("event loop " + Thread.currentThread().getName() + " (the loop died)", error);
                throw error;
            }
        }

        /**
         * Every queued task runs through one guard, reused: the loop polls a task only once the one before it has
         * run, on its own thread, so a guard per task (an allocation per cross-loop hand-off) is not needed.
         */
        @Override
        protected Runnable pollTask() {
            Runnable task = super.pollTask();
            if (task == null) {
                return null;
            }
            polledGuard.task = task;
            return polledGuard;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(new GuardedTask(command), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return super.schedule(new GuardedCallable<>(callable), delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                                                      TimeUnit unit) {
            return super.scheduleAtFixedRate(new GuardedTask(command), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            return super.scheduleWithFixedDelay(new GuardedTask(command), initialDelay, delay, unit);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return super.submit(new GuardedTask(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return super.submit(new GuardedTask(task), result);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return super.submit(new GuardedCallable<>(task));
        }

        private void reportIfFatal(Throwable error) {
            fatalErrors.reportIfFatal("event loop " + Thread.currentThread().getName(), error);
        }

        /** A task that reports a fatal error before passing it on to Netty. */
        private final class GuardedTask implements Runnable {
            private Runnable task;

            GuardedTask(Runnable task) {
                this.task = task;
            }

            @Override
            public void run() {
                try {
                    task.run();
                } catch (Throwable error) {
                    reportIfFatal(error);
                    throw error;
                }
            }

            @Override
            public String toString() {
                return task.toString();
            }
        }

        /** A callable that reports a fatal error before passing it on to Netty. */
        private final class GuardedCallable<V> implements Callable<V> {
            private final Callable<V> task;

            GuardedCallable(Callable<V> task) {
                this.task = task;
            }

            @Override
            public V call() throws Exception {
                try {
                    return task.call();
                } catch (Throwable error) {
                    reportIfFatal(error);
                    throw error;
                }
            }

            @Override
            public String toString() {
                return task.toString();
            }
        }
    }
}
