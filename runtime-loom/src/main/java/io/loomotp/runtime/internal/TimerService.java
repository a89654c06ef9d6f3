package io.loomotp.runtime.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's timers: one platform thread and one delay queue for every timer of the node, whatever their number. A
 * timer's action only enqueues a message, never waiting for room in a full {@code BLOCK} mailbox (it goes in beyond
 * the bound), so the thread is never held up by user code.
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
    /** Sweeps scheduled and not started yet: in the executor's queue, and not counted by {@link #pending()}. */
    private final AtomicInteger sweepsQueued = new AtomicInteger();

    private final String nodeName;

    TimerService(String nodeName, ManualTime manual) {
        this.nodeName = nodeName;
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

    /**
     * Runs an action once, after a delay. The action must be short: it runs on the node's only timer thread.
     *
     * @throws IllegalStateException if the node has closed
     */
    public ScheduledFuture<?> schedule(Runnable action, long delay, TimeUnit unit) {
        checkOpen();
        if (manual != null) {
            return manual.schedule(unlessShut(action), unit.toNanos(delay));
        }
        try {
            return executor.schedule(action, delay, unit);
        } catch (java.util.concurrent.RejectedExecutionException closing) { // shut down since checkOpen
            throw closed();
        }
    }

    /**
     * Waits, up to {@code boundNanos}, until every timer due by now has run: a receive whose short timeout ran out
     * (the JDK's timed park, whose wake is not ordered with this thread's timers) looks at its mailbox once more after
     * this, so that the message of a timer due before its deadline is taken first, as one thread of timers in
     * deadline order has it (the timer thread runs what is due in deadline order, and a task due now comes after
     * every one due earlier). Returns at once for a manual clock, whose timers fire when the test moves it, and for a
     * closing node; an interrupt ends the wait and is kept. Owner's thread.
     */
    void awaitDueTimers(long boundNanos) {
        if (manual != null) {
            return;
        }
        CompletableFuture<Void> ran = new CompletableFuture<>();
        try {
            scheduleSweep(() -> ran.complete(null), 0, TimeUnit.NANOSECONDS);
            ran.get(boundNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException | ExecutionException | TimeoutException e) {
            // a closing node, or a timer thread behind by more than the bound: the receive looks once more anyway
        }
    }

    /**
     * As {@link #schedule}, for the runtime's own sweeps ({@link CallTimeouts}, {@link ReceiveTimeouts}): not a timer
     * of the node's processes, so {@link #pending()} leaves it out.
     */
    ScheduledFuture<?> scheduleSweep(Runnable sweep, long delay, TimeUnit unit) {
        if (manual != null) {
            return schedule(sweep, delay, unit);
        }
        sweepsQueued.incrementAndGet();
        try {
            return schedule(() -> {
                sweepsQueued.decrementAndGet();
                sweep.run();
            }, delay, unit);
        } catch (IllegalStateException closed) {
            sweepsQueued.decrementAndGet();
            throw closed;
        }
    }

    /** Runs an action every period, after an initial delay equal to the period. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long period, TimeUnit unit) {
        checkOpen();
        if (manual != null) {
            return manual.scheduleAtFixedRate(unlessShut(action), unit.toNanos(period));
        }
        try {
            return executor.scheduleAtFixedRate(action, period, period, unit);
        } catch (java.util.concurrent.RejectedExecutionException closing) { // shut down since checkOpen
            throw closed();
        }
    }

    void shutdown() {
        shut = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** True once the node has closed: every timer armed before is stopped, and no new one can be armed. */
    public boolean isShut() {
        return shut;
    }

    /**
     * A timer armed on a closed node: a precise error (the executor's own names its internals).
     *
     * @throws IllegalStateException if the node has closed
     */
    public void checkOpen() {
        if (shut) {
            throw closed();
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("node " + nodeName + " is closed: its timers are stopped, and no new one "
                + "can be armed");
    }

    /** A manual timer of a closed node fires nothing, as the executor's are dropped at shutdown. */
    private Runnable unlessShut(Runnable action) {
        return () -> {
            if (!shut) {
                action.run();
            }
        };
    }

    /** The timers waiting to fire (with a manual clock, also the timed waits). */
    public int pending() {
        return manual != null ? manual.pending() : Math.max(0, executor.getQueue().size() - sweepsQueued.get());
    }
}
