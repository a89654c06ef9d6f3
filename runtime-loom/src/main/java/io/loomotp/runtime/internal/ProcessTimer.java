package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer of {@code Node.sendAfter} or {@code sendInterval}, behind the public {@code TimerRef}: Erlang's timer
 * semantics on the node's {@link TimerService}.
 *
 * <ul>
 *   <li><b>Cancel tells the truth.</b> A one-shot timer is armed, then fired or cancelled, exactly one of the two: the
 *       firing task claims it (a compare-and-set) before it delivers, and {@link #cancel} claims it the same way. So
 *       {@code cancel} answers true only if the message will never come, and false once it is on its way, as
 *       {@code erlang:cancel_timer/1}; the idiom "if cancel was false, the timeout message is in the mailbox or
 *       coming" holds. (A {@code ScheduledFuture}'s own {@code cancel} could still succeed while its task was
 *       delivering.)
 *   <li><b>A timer dies with its target.</b> As {@code erlang:send_after/3}: "if Dest is a pid(), the timer is
 *       automatically canceled if the process referred to by the pid() is not alive, or if the process exits". A
 *       timer to a pid is kept in its target's set ({@code ProcessImpl.timers}), and the target's death cancels it, so
 *       that a dead process and its long timers do not stay in the delay queue. A one-shot timer to a name has no
 *       target until it fires.
 *   <li><b>An interval timer dies with the process it is tied to.</b> As OTP's {@code timer} module ("an interval
 *       timer ... is linked to the process to which the timer performs its task", {@code start_interval_loop}'s
 *       monitor): {@code send_interval} to a name, with the process holding the name when it is made (none: it ends
 *       at once), and {@code apply_interval}, with the process that made it, if a process did. That process is the
 *       timer's <em>owner</em>, and its set holds the timer as a target's does.
 * </ul>
 *
 * <p>Threading: any thread cancels; the timer thread (or a manual clock's mover) fires; a death cancels.
 */
public final class ProcessTimer {
    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ProcessTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NodeRuntime runtime;
    private final ProcessImpl target;
    /** The process whose death cancels this timer: its target, or for an interval timer the one it is tied to. */
    private final ProcessImpl owner;
    private final String name;
    private Object message; // set before the timer is scheduled, which publishes it to the timer thread
    /** What an apply or exit timer does instead of sending (null for a timer that sends). */
    private final Runnable action;
    private final boolean repeating;
    private volatile int state;
    private volatile ScheduledFuture<?> future;

    private ProcessTimer(NodeRuntime runtime, ProcessImpl target, String name, Object message, boolean repeating) {
        this(runtime, target, target, name, message, repeating);
    }

    private ProcessTimer(NodeRuntime runtime, ProcessImpl target, ProcessImpl owner, String name, Object message,
                         boolean repeating) {
        this.runtime = runtime;
        this.target = target;
        this.owner = owner;
        this.name = name;
        this.message = Objects.requireNonNull(message, "message must not be null");
        this.action = null;
        this.repeating = repeating;
    }

    private ProcessTimer(NodeRuntime runtime, Runnable action, boolean repeating, ProcessImpl owner) {
        this.runtime = runtime;
        this.target = null;
        this.owner = owner;
        this.name = null;
        this.action = Objects.requireNonNull(action, "action");
        this.repeating = repeating;
    }

    /**
     * {@code timer:apply_after/4}, {@code apply_interval/4}, {@code exit_after/3}: {@code action} once after
     * {@code nanos}, or every {@code nanos} if {@code repeating}, until cancelled. It runs on the node's timer thread,
     * so it must be short: a spawn, or a signal. No death ends a one-shot one; a repeating one made by a process ends
     * with that process ({@code apply_interval}'s monitor of its caller).
     */
    public static ProcessTimer action(NodeRuntime runtime, Runnable action, long nanos, boolean repeating) {
        ProcessImpl owner = repeating ? ProcessImpl.current() : null;
        return new ProcessTimer(runtime, action, repeating, owner).start(nanos);
    }

    /** {@code erlang:send_after/3} to a pid: one message after {@code nanos}, unless cancelled or the target dies. */
    public static ProcessTimer once(NodeRuntime runtime, ProcessImpl target, Object message, long nanos) {
        ProcessTimer t = new ProcessTimer(runtime, target, null, message, false);
        return t.start(nanos);
    }

    /**
     * {@code erlang:start_timer/3}: as {@link #once}, with a message made from the timer itself (which carries its
     * reference, {@code {timeout, TRef, Msg}}), before it is scheduled.
     */
    public static ProcessTimer once(NodeRuntime runtime, ProcessImpl target,
                                    java.util.function.Function<ProcessTimer, Object> message, long nanos) {
        ProcessTimer t = new ProcessTimer(runtime, target, null, PENDING, false);
        t.message = Objects.requireNonNull(message.apply(t), "message must not be null");
        return t.start(nanos);
    }

    private static final Object PENDING = new Object();

    /** {@code erlang:send_after/3} to a name: to whoever holds it when the timer fires; nothing if nobody does. */
    public static ProcessTimer onceToName(NodeRuntime runtime, String name, Object message, long nanos) {
        ProcessTimer t = new ProcessTimer(runtime, null, Objects.requireNonNull(name, "name"), message, false);
        return t.start(nanos);
    }

    /**
     * {@code erlang:start_timer/3} to a name: as {@link #onceToName}, with a message made from the timer itself
     * ({@code {timeout, TRef, Msg}}).
     */
    public static ProcessTimer onceToName(NodeRuntime runtime, String name,
                                          java.util.function.Function<ProcessTimer, Object> message, long nanos) {
        ProcessTimer t = new ProcessTimer(runtime, null, Objects.requireNonNull(name, "name"), PENDING, false);
        t.message = Objects.requireNonNull(message.apply(t), "message must not be null");
        return t.start(nanos);
    }

    /**
     * {@code timer:send_interval/3} to a name: a message every {@code period} to whoever holds it then, until
     * cancelled or until the process that held the name when it was made dies (OTP monitors the name's holder); if
     * nobody holds it now, the timer ends at once.
     */
    public static ProcessTimer intervalToName(NodeRuntime runtime, String name, Object message, long period) {
        Objects.requireNonNull(name, "name");
        ProcessImpl holder = runtime.registry().whereis(name);
        ProcessTimer t = new ProcessTimer(runtime, null, holder, name, message, true);
        if (holder == null) {
            t.state = CANCELLED; // OTP's monitor of a free name is DOWN at once, and the interval ends
            return t;
        }
        return t.start(period);
    }

    /** {@code timer:send_interval/3}: a message every {@code period} until cancelled or the target dies. */
    public static ProcessTimer interval(NodeRuntime runtime, ProcessImpl target, Object message, long period) {
        ProcessTimer t = new ProcessTimer(runtime, target, null, message, true);
        return t.start(period);
    }

    private ProcessTimer start(long nanos) {
        ProcessImpl caller = ProcessImpl.current();
        if (caller != null && caller.suppressesEffects()) {
            state = CANCELLED; // a killed process still unwinding arms nothing (ProcessImpl.suppressesEffects)
            return this;
        }
        runtime.timers().checkOpen(); // a closed node arms nothing, a timer to a pid (whose target is dead) neither
        if (owner != null && !track(owner)) {
            state = CANCELLED; // a dead target (or owner): a reference whose cancel answers false, as Erlang's
            return this;
        }
        ScheduledFuture<?> f;
        try {
            f = repeating
                    ? runtime.timers().scheduleAtFixedRate(this::fire, nanos, TimeUnit.NANOSECONDS)
                    : runtime.timers().schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException refused) { // the node's timers are shut down
            state = CANCELLED;
            untrack();
            throw refused;
        }
        future = f;
        if (state != ARMED) {
            f.cancel(false); // cancelled (or its target died) before the future was known
        }
        return this;
    }

    private void fire() {
        if (repeating) {
            if (state == ARMED) {
                if (action != null) {
                    act();
                    return;
                }
                ProcessImpl to = target != null ? target : runtime.registry().whereis(name);
                if (to != null) {
                    runtime.timerSend(to, message);
                }
            }
            return;
        }
        if (!STATE.compareAndSet(this, ARMED, FIRED)) {
            return;
        }
        if (action != null) {
            act();
        } else if (target != null) {
            untrack();
            runtime.timerSend(target, message);
        } else {
            ProcessImpl holder = runtime.registry().whereis(name);
            if (holder != null) {
                runtime.timerSend(holder, message);
            }
        }
    }

    /** Runs an apply or exit timer's action; one refused because the node is closing does nothing. */
    private void act() {
        try {
            action.run();
        } catch (IllegalStateException closing) {
            // a spawn on a node that is closing: its processes are going, and this one would go with them
        }
    }

    /**
     * Cancels the timer: true if it was armed and will now never deliver (again); false if a one-shot timer had
     * fired, or the timer had been cancelled, or its target had died.
     */
    public boolean cancel() {
        ProcessImpl caller = ProcessImpl.current();
        if (caller != null && caller.suppressesEffects()) {
            return false; // a killed process still unwinding cancels nothing: in Erlang it would run no more code
        }
        if (stoppedByClose() || !STATE.compareAndSet(this, ARMED, CANCELLED)) {
            return false;
        }
        stopFuture();
        untrack();
        return true;
    }

    /** Its target (or owner) died: cancelled, without touching the target's set, which the death has taken. */
    void targetDied() {
        if (STATE.compareAndSet(this, ARMED, CANCELLED)) {
            stopFuture();
        }
    }

    private void stopFuture() {
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false); // out of the delay queue now (TimerService removes cancelled entries)
        }
    }

    private void untrack() {
        if (owner != null) {
            synchronized (owner) { // the owner's timers are guarded by its lock, as its links are (Signals)
                if (owner.timers != null) {
                    owner.timers.remove(this);
                }
            }
        }
    }

    /** Keeps this timer in its target's set, to be cancelled by its death; false if the target is dead already. */
    private boolean track(ProcessImpl p) {
        synchronized (p) {
            if (p.exitReason != null) {
                return false;
            }
            if (p.timers == null) {
                p.timers = new java.util.HashSet<>(4);
            }
            p.timers.add(this);
            return true;
        }
    }

    /**
     * True if the node has closed while this timer was armed: it will never fire, and now answers as cancelled. (A
     * timer to a pid learns it from its target's death; one to a name has no target, and learns it here.)
     */
    private boolean stoppedByClose() {
        if (state == ARMED && runtime.timers().isShut()) {
            STATE.compareAndSet(this, ARMED, CANCELLED);
        }
        return state != ARMED;
    }

    /** Nanoseconds before it fires; zero once it has fired, been cancelled, or lost its target. */
    public long remainingNanos() {
        ScheduledFuture<?> f = future;
        if (stoppedByClose() || f == null) {
            return 0;
        }
        return Math.max(0, f.getDelay(TimeUnit.NANOSECONDS));
    }

    /** True once a one-shot timer has fired, or any timer has been cancelled or has lost its target. */
    public boolean isDone() {
        return stoppedByClose();
    }
}
