package io.loomotp.runtime.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A node's timers: one platform thread and one delay queue for every timer of the node, whatever their number. A
 * timer's action only enqueues a message, so the thread is never held up by user code.
 *
 * <p>Cancelled timers are removed from the queue at once, so that state machines that arm and cancel a timeout on
 * every event do not fill it with dead entries.
 */
public final class TimerService {
    private final ScheduledThreadPoolExecutor executor;

    TimerService(String nodeName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform()
                .daemon()
                .name("loomotp-timers-" + nodeName)
                .unstarted(r));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Runs an action once, after a delay. The action must be short: it runs on the node's only timer thread. */
    public ScheduledFuture<?> schedule(Runnable action, long delay, TimeUnit unit) {
        return executor.schedule(action, delay, unit);
    }

    /** Runs an action every period, after an initial delay equal to the period. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long period, TimeUnit unit) {
        return executor.scheduleAtFixedRate(action, period, period, unit);
    }

    void shutdown() {
        executor.shutdownNow();
    }

    /** The timers waiting to fire. */
    public int pending() {
        return executor.getQueue().size();
    }
}
