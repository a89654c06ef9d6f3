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
 *
 * <p>A node with a manual clock has no timer thread: its timers are entries of the {@link ManualTime}, and fire when a
 * test moves that clock.
 */
public final class TimerService {
    private final ScheduledThreadPoolExecutor executor;
    private final ManualTime manual;
    private volatile boolean shut;

    TimerService(String nodeName, ManualTime manual) {
        this.manual = manual;
        if (manual != null) {
            executor = null;
            return;
        }
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
        if (manual != null) {
            return manual.schedule(checkOpen(action), unit.toNanos(delay));
        }
        return executor.schedule(action, delay, unit);
    }

    /** Runs an action every period, after an initial delay equal to the period. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long period, TimeUnit unit) {
        if (manual != null) {
            return manual.scheduleAtFixedRate(checkOpen(action), unit.toNanos(period));
        }
        return executor.scheduleAtFixedRate(action, period, period, unit);
    }

    void shutdown() {
        shut = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** A manual timer of a closed node fires nothing, as the executor's are dropped at shutdown. */
    private Runnable checkOpen(Runnable action) {
        if (shut) {
            throw new java.util.concurrent.RejectedExecutionException("the node's timers are shut down");
        }
        return () -> {
            if (!shut) {
                action.run();
            }
        };
    }

    /** The timers waiting to fire (with a manual clock, also the timed waits). */
    public int pending() {
        return manual != null ? manual.pending() : executor.getQueue().size();
    }
}
