package io.loomotp.testkit;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.inline.InlineMachine;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A synchronous test of a {@code @StateMachine}: its handlers run on the test's own thread, through the generated
 * dispatch and the runtime's own gen_statem adapter (event queue, postpone, enter calls, timeouts), with no node and
 * no process, and what they do is recorded as {@link Effect}s. Its timeouts run on the harness's own clock, which
 * moves only by {@link #advance}. Pekko's {@code BehaviorTestKit} for a gen_statem.
 *
 * <pre>{@code
 * StateMachineHarness<Coffee> h = StateMachineHarness.of(Coffee.class, new Coffee(hw, Duration.ofSeconds(30)));
 * h.init();
 * h.cast(new Coffee_Dispatch.Selection("espresso", 100));
 * h.advance(Duration.ofSeconds(30));  // the refund: TimeoutFired(StateTimeout[refund]), then Selection again
 * }</pre>
 *
 * <p>It owns the clock and the pending timers, the list of effects and the callers' reply slots; the machine's state,
 * queues and the gen_statem rules are the runtime's ({@code io.loomotp.runtime.inline}), not copied here. What it cannot
 * show, by design: interleavings with other processes (a message is handled when the test gives it, and a timeout
 * when the test advances the clock past it, so the order in which a real mailbox would have them is the test's to
 * choose), calls the machine makes to other processes (a call needs a live callee: it fails), timers armed through
 * the node ({@code Node.sendAfter}), supervision, links, monitors and exit signals, and sys debugging (trace lines,
 * {@code getState} through a process). For those, test on a node with {@link LoomOtpTest}, in virtual time.
 *
 * <p>The effect log, the pid and the stop it shares with {@link ServerHarness} ({@link BehaviourHarness}). Not
 * thread-safe: one test thread drives it.
 */
public final class StateMachineHarness<D> extends BehaviourHarness {
    private final StateMachineCallbacks<D> dispatch;
    private final ServerCallbacks<Object> callbacks;
    private final Object machine;
    private final D data;
    private final Recorder recorder = new Recorder();
    private final List<PendingTimer> timers = new ArrayList<>();
    private long now;
    private long armed;
    private boolean started;

    private StateMachineHarness(StateMachineCallbacks<D> dispatch, D data, Object initialState) {
        this.dispatch = Objects.requireNonNull(dispatch, "callbacks");
        this.data = Objects.requireNonNull(data, "data");
        InlineMachine m = Inline.stateMachine(dispatch, data, initialState);
        this.callbacks = m.callbacks();
        this.machine = m.machine();
    }

    /**
     * A harness over {@code data}, run through the dispatch the processor generated for {@code type}
     * ({@code Coffee_Dispatch} for {@code Coffee}). Call {@link #init} before the first event.
     *
     * @throws IllegalArgumentException if {@code type} has no generated dispatch: it is not a {@code @StateMachine},
     *     or the processor did not run
     */
    public static <D> StateMachineHarness<D> of(Class<D> type, D data) {
        return new StateMachineHarness<>(GeneratedDispatch.ofMachine(type), data, null);
    }

    /** A harness over {@code data}, run through {@code callbacks} (a generated {@code <Name>_Dispatch.INSTANCE}). */
    public static <D> StateMachineHarness<D> of(StateMachineCallbacks<D> callbacks, D data) {
        return new StateMachineHarness<>(callbacks, data, null);
    }

    /** As {@link #of(StateMachineCallbacks, Object)}, for a machine with no init, started in {@code initialState}. */
    public static <D> StateMachineHarness<D> of(StateMachineCallbacks<D> callbacks, D data, Object initialState) {
        return new StateMachineHarness<>(callbacks, data, Objects.requireNonNull(initialState, "initialState"));
    }

    /**
     * Runs init, as {@code start} would inside the new process: the first state, its enter call, and the actions of
     * both. An init that stops, ignores or throws leaves the machine stopped (without {@code terminate}, as a failed
     * start does not call it).
     *
     * @return the first state, or null if init stopped or ignored
     * @throws IllegalStateException if init has already run
     */
    public Object init() throws Exception {
        if (started) {
            throw new IllegalStateException("init has already run; a machine is started once");
        }
        started = true;
        try {
            InitResult r = Inline.run(recorder, () -> callbacks.init(machine));
            if (r instanceof InitResult.Stop(ExitReason reason)) {
                return stopped(reason);
            }
            if (r instanceof InitResult.Failed(ExitReason reason)) {
                return stopped(reason); // the start's reason, which a test asserts on (the process would end normal)
            }
            if (r instanceof InitResult.Ignore) {
                return stopped(ExitReason.NORMAL);
            }
            ExitReason stop = recorder.takeStop();
            if (stop != null) {
                return stopped(stop);
            }
            return state();
        } catch (Exception e) {
            markStopped(new ExitReason.Crash(e));
            timers.clear();
            throw e;
        }
    }

    /**
     * Sends a sync event from a fresh caller and returns the reply given while it was handled (by a {@code ReplyTo},
     * a reply action, or a later event it inserted).
     *
     * @throws IllegalStateException if the event was postponed or its reply deferred (use {@link #callDeferred}), or
     *     if no handler took the caller's {@code ReplyTo}: the event takes none, so it is a cast (use {@link #cast})
     * @throws RuntimeException the failure of the call, as a caller would get it (no handler, with unhandled LOG)
     * @throws Exception what a handler threw; the machine has then stopped with that crash, terminate having run
     */
    public Object call(Object event) throws Exception {
        int before = log().size();
        HarnessFrom slot = deliver(event);
        if (slot.failure != null) {
            throw slot.failure;
        }
        if (slot.pending && !slot.taken && !postponedSince(before)) {
            // a generated dispatch hands the slot to a handler only as its ReplyTo parameter: none took it
            throw new IllegalStateException("the call " + dispatch.formatMessage(event) + " got no reply (in state "
                    + dispatch.formatState(state()) + "): its handler takes no ReplyTo, so the event is a cast; "
                    + "send it with cast(event)");
        }
        if (slot.pending) {
            throw new IllegalStateException("the call " + dispatch.formatMessage(event) + " is not answered yet (in "
                    + "state " + dispatch.formatState(state()) + "): it was postponed or its reply deferred; use "
                    + "callDeferred, and look for its Reply in effects()");
        }
        return slot.value;
    }

    private boolean postponedSince(int index) {
        List<Effect> effects = log();
        for (int i = index; i < effects.size(); i++) {
            if (effects.get(i) instanceof Effect.Postponed) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends a sync event and returns the caller's reply slot, answered or not: for an event the machine postpones or
     * answers later. {@link Effect.Reply} shows when it is answered, and {@code isPending()} says whether it is.
     */
    public From callDeferred(Object event) throws Exception {
        return deliver(event);
    }

    private HarnessFrom deliver(Object event) throws Exception {
        Objects.requireNonNull(event, "event");
        HarnessFrom slot = new HarnessFrom(pid(), log());
        handle(() -> callbacks.handleCall(machine, event, slot));
        return slot;
    }

    /** Sends an event and returns once the machine has handled it, with every event it inserted or retried. */
    public void cast(Object event) throws Exception {
        Objects.requireNonNull(event, "event");
        handle(() -> {
            callbacks.handleCast(machine, event);
            return null;
        });
    }

    /** Gives the machine any other message, as its {@code @Info} handlers get it. */
    public void info(Object message) throws Exception {
        Objects.requireNonNull(message, "message");
        handle(() -> callbacks.handleInfo(machine, message));
    }

    /**
     * Moves the harness's clock forward by {@code by}, firing each timeout that falls due, in the order of its instant
     * (and of setting, within one instant), each handled before the clock moves on, so what a firing sets is fired in
     * turn if it falls due within {@code by}. A timeout due now (a zero delay) fires at {@code advance(Duration.ZERO)}.
     * Stops early if the machine stops.
     *
     * @throws IllegalArgumentException if {@code by} is negative
     * @throws Exception what a handler threw; the machine has then stopped
     */
    public void advance(Duration by) throws Exception {
        if (Objects.requireNonNull(by, "by").isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative duration: " + by);
        }
        requireRunning();
        long target = Nanos.plus(now, by);
        for (PendingTimer due; !isStopped() && (due = nextDue(target)) != null; ) {
            PendingTimer t = due;
            now = t.deadline;
            timers.remove(t);
            record(new Effect.TimeoutFired(t.event));
            handle(() -> callbacks.handleInfo(machine, t.message));
        }
        if (!isStopped()) {
            now = target;
        }
    }

    /** The time the harness's clock has moved since it was made. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** The pending timeouts' events ({@code StateTimeout}, {@code EventTimeout}, {@code GenericTimeout}), in firing order. */
    public List<Object> pendingTimeouts() {
        return timers.stream().sorted(order).map(t -> t.event).toList();
    }

    /** The time until the next timeout falls due, or null if none is pending. */
    public Duration untilNextTimeout() {
        return timers.stream().min(order).map(t -> Duration.ofNanos(t.deadline - now)).orElse(null);
    }

    /** The current state. */
    public Object state() {
        return ((MachineState) callbacks.exposeState(machine)).state();
    }

    /** The machine's data, the instance the handlers work on, as they left it. */
    public D data() {
        return data;
    }

    /** The state and data as a trace or {@code getState} renders them, through the generated formatters. */
    @Override
    public String formattedState() {
        return callbacks.formatState(machine);
    }


    private final Comparator<PendingTimer> order =
            Comparator.<PendingTimer>comparingLong(t -> t.deadline).thenComparingLong(t -> t.seq);

    private PendingTimer nextDue(long target) {
        PendingTimer next = timers.stream().min(order).orElse(null);
        return next != null && next.deadline <= target ? next : null;
    }

    /** Runs one event through the adapter; any event cancels the event timeout, as a message arriving does. */
    private <T> T handle(Callable<T> handler) throws Exception {
        requireRunning();
        PendingTimer eventTimer = recorder.eventTimer;
        if (eventTimer != null) {
            recorder.eventTimer = null;
            if (timers.remove(eventTimer)) { // not when the event is this very timeout, fired by advance
                record(new Effect.TimeoutCancelled(eventTimer.event));
            }
        }
        T result;
        try {
            result = Inline.run(recorder, handler);
        } catch (Exception e) {
            terminate(new ExitReason.Crash(e));
            throw e;
        }
        ExitReason reason = recorder.takeStop();
        if (reason != null) { // after the replies, as gen_statem's stop_and_reply sends them first
            terminate(reason);
        }
        return result;
    }

    @Override
    void terminate(ExitReason reason) throws Exception {
        markStopped(reason);
        timers.clear();
        Inline.run(recorder, () -> {
            callbacks.terminate(machine, reason);
            return null;
        });
        recordStopped(reason);
    }

    private Object stopped(ExitReason reason) {
        timers.clear();
        recordStopped(reason);
        return null;
    }

    @Override
    String noun() {
        return "machine";
    }

    @Override
    String takes() {
        return "events";
    }

    @Override
    void requireRunning() {
        if (!started) {
            throw new IllegalStateException("the machine has not started: call init() first");
        }
        super.requireRunning();
    }

    /** A timer on the harness's clock: the runtime's message for the machine, and the event it stands for. */
    private final class PendingTimer implements InlineProcess.Timer {
        final long deadline;
        final long seq;
        final Object message;
        final Object event;

        PendingTimer(Duration delay, Object message, Object event) {
            this.deadline = Nanos.plus(now, delay);
            this.seq = ++armed;
            this.message = message;
            this.event = event;
        }

        @Override
        public boolean cancel() {
            if (!timers.remove(this)) {
                return false;
            }
            record(new Effect.TimeoutCancelled(event));
            return true;
        }

        @Override
        public Duration remaining() {
            return timers.contains(this) ? Duration.ofNanos(deadline - now) : Duration.ZERO;
        }
    }

    /** What the runtime hands to the harness while the machine's handlers run: the machine's own effects. */
    private final class Recorder extends Recording {
        PendingTimer eventTimer;

        @Override
        public void idleTimeout(Duration timeout) {
            throw new IllegalStateException("Handler.idleTimeout is a gen_server's; a state machine sets an event "
                    + "timeout with Transition.eventTimeout");
        }

        @Override
        public void continueWith(Object continuation) {
            IllegalStateException refused = callbacks.refuseContinue();
            throw refused != null ? refused : new IllegalStateException("a state machine has no continue");
        }

        @Override
        public Timer sendAfter(Duration delay, Object message, Object event) {
            PendingTimer t = new PendingTimer(delay, message, event);
            timers.add(t);
            record(new Effect.TimeoutSet(event, delay));
            return t;
        }

        @Override
        public void eventTimeout(Duration delay, Object event) {
            eventTimer = new PendingTimer(delay, IdleTimeout.INSTANCE, event);
            timers.add(eventTimer);
            record(new Effect.TimeoutSet(event, delay));
        }

        @Override
        public void stateChanged(Object from, Object to) {
            record(new Effect.StateChanged(from, to));
        }

        @Override
        public void postponed(Object event) {
            record(new Effect.Postponed(event));
        }

        @Override
        public void unhandled(String description, From from, RuntimeException failure) {
            record(new Effect.Unhandled(description));
            if (from instanceof HarnessFrom slot) {
                slot.fail(failure);
            }
        }
    }
}
