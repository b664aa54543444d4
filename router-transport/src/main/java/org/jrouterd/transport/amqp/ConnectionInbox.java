package org.jrouterd.transport.amqp;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The task queue into one connection's event loop. Any thread posts; the loop drains every queued task in one go
 * and then runs the connection's after-work step (send, flush) once. The loop is woken only when the queue goes
 * from idle to busy, so a burst of hand-offs costs one wake-up and one flush.
 *
 * <p>Threads: {@link #post} from any thread; {@link #run} on the owning event loop only.
 */
final class ConnectionInbox implements Runnable {

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final EventLoop loop;
    private final Runnable afterWork;

    /** The event loop that owns the connection. */
    EventLoop loop() {
        return loop;
    }

    ConnectionInbox(EventLoop loop, Runnable afterWork) {
        this.loop = loop;
        this.afterWork = afterWork;
    }

    /** Whether the caller runs on this connection's event loop (and may touch its state directly). */
    boolean inLoop() {
        return loop.inEventLoop();
    }

    /**
     * Loop only: work was done directly on this connection's state from another connection's handler on the
     * same loop; make sure its after-work step (send, flush) runs soon, once for the whole burst.
     */
    void requestAfterWork() {
        schedule();
    }

    /** Any thread: queues a task for the connection's loop. */
    /** Runs {@code task} on this connection's loop after {@code millis}. */
    void schedule(Runnable task, long millis) {
        loop.schedule(task, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void post(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException shuttingDown) {
                // The router is stopping: the loop will run nothing more and the connection is going away.
                scheduled.set(false);
            }
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        afterWork.run();
    }
}
