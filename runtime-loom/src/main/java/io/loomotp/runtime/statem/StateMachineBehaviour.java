package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.inline.InlineMachine;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.internal.Calls;
import io.loomotp.runtime.internal.InlineMachines;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.ServerLoop;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.server.Handler;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.statem.MachineTimeouts.Generic;
import io.loomotp.runtime.statem.MachineTimeouts.EventTimerFired;
import io.loomotp.runtime.statem.MachineTimeouts.GenericTimerFired;
import io.loomotp.runtime.statem.MachineTimeouts.StateTimerFired;
import io.loomotp.runtime.statem.MachineTimeouts.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * gen_statem on the one server loop: a {@link ServerCallbacks} whose state is a {@link Machine}, which turns the
 * loop's calls, casts and messages into state machine events and applies gen_statem's rules to what the user's
 * handlers return. The loop keeps doing what it does for every behaviour: the mailbox, the sys protocol, stop and
 * crash reports, dormancy.
 *
 * <p>What this class adds, as {@code gen_statem.erl} does:
 * <ul>
 *   <li>the machine's own event queue: events inserted by {@code nextEvent}, {@code nextCast} and {@code nextCall}, then postponed
 *       events retried after a state change, handled before the loop takes the next message;
 *   <li>state timeouts (cancelled by a state change), event timeouts (cancelled by any event; the loop's idle
 *       timeout), and named generic timeouts, through the node's timers with a generation check so that a timer that
 *       fired just as it was cancelled is ignored;
 *   <li>state enter calls, after every state change and for the first state;
 *   <li>replies sent first, so that a stop-and-reply's replies arrive before the exit.
 * </ul>
 *
 * <p>The test kit's synchronous harness runs this same adapter with no process ({@link Inline}): then the loop is
 * null, timers are the harness's, and state changes, postponed and unhandled events are told to it.
 *
 * <p>Owner only: every method runs on the machine's own thread (or the harness's).
 *
 * <p>Why one unit (about 750 lines): gen_statem's rules are one transition function in OTP too
 * ({@code gen_statem:loop_state_callback} and its helpers): the event queue, postponing and state enter calls all act
 * on one transition and must be applied in OTP's order (replies, state change, postponed events re-queued, enter call,
 * timeouts cancelled then set, inserted events). Split across classes, that order would be spread over several files.
 * What can leave without splitting the rules has: the action and result types live in their own files, and the
 * timeouts (state and generic timers, the zero timeouts' queue, generation checks, the harness's clock, a timer's
 * words in trace lines and reports) in
 * {@link MachineTimeouts}, which this class calls at their place in the order.
 */
final class StateMachineBehaviour<D> implements ServerCallbacks<StateMachineBehaviour.Machine> {
    static final byte CALL = 0;
    static final byte CAST = 1;
    static final byte INFO = 2;
    /** An event the machine inserted itself ({@code nextEvent}): handled as info, but never dropped unhandled. */
    private static final byte INTERNAL = 3;

    static {
        InlineMachines.factory(StateMachineBehaviour::inline);
    }

    private final StateMachineCallbacks<D> cb;
    private final Object initialState;

    /** A state machine's state: the user's data, its current state, its queues and timers. */
    static final class Machine {
        Object data;
        Object state;
        final ArrayDeque<Queued> postponed = new ArrayDeque<>();
        final ArrayDeque<Queued> queued = new ArrayDeque<>();
        long stateTimerGeneration;
        Timer stateTimer;
        Object stateTimeoutContent;
        Duration eventTimeout;
        Object eventTimeoutContent;
        /**
         * OTP's {@code t0q}: the events of relative zero timeouts (state, event, generic), in the order the actions set
         * them, each handled once the machine's own queue is empty and before any message not yet received.
         */
        final ArrayDeque<Object> zeros = new ArrayDeque<>();
        /** The token of the zero event timeout waiting in {@link #zeros}, or 0: any event cancels it. */
        long eventZero;
        long eventZeroTokens;
        /** The event timeout armed after the last event, until an event cancels it or it fires. */
        Timer eventTimer;
        Object eventTimerContent;
        long eventTimerGeneration;
        Map<String, Generic> generic;
        /** The generation of the last generic timer set, of any name: a stale timer never matches a newer one. */
        long genericGeneration;
        /** True while the enter call of {@link #state} runs (from {@link #enteringFrom}): for a crash report. */
        boolean entering;
        Object enteringFrom;
        /** The loop the machine runs on; null when the test kit's harness runs it inline. */
        ServerLoop<?> loop;
        Set<String> warned;

        Machine(Object data) {
            this.data = data;
        }
    }

    record Queued(byte kind, Object event, From from) {}

    /**
     * @param initialState the first state, for a machine without an init; null to ask {@link
     *     StateMachineCallbacks#init}
     */
    StateMachineBehaviour(StateMachineCallbacks<D> callbacks, Object initialState) {
        this.cb = callbacks;
        this.initialState = initialState;
    }

    /** The adapter and a machine over {@code data}, for the test kit's harness (see {@link Inline#stateMachine}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static InlineMachine inline(StateMachineCallbacks<?> callbacks, Object data, Object initialState) {
        ServerCallbacks adapter = new StateMachineBehaviour<>(callbacks, initialState);
        return new InlineMachine((ServerCallbacks<Object>) adapter, new Machine(data));
    }

    /** The harness running this machine inline, or null on a process (the common case: one thread-local read). */
    static InlineProcess harness() {
        return ProcessImpl.current() == null ? Inline.current() : null;
    }

    private static boolean debugging(Machine m) {
        return m.loop != null && m.loop.debugging();
    }

    /** Wraps the data a factory makes into the machine the loop holds. */
    static Machine machine(Object data) {
        return new Machine(data);
    }

    @SuppressWarnings("unchecked")
    private D data(Machine m) {
        return (D) m.data;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Start

    @Override
    public InitResult init(Machine m) throws Exception {
        m.loop = ServerLoop.current();
        Object r = initialState != null ? initialState : cb.init(data(m));
        if (r instanceof InitResult init) {
            if (init instanceof InitResult.Ok) {
                throw new IllegalStateException("init of " + cb.module().getName() + " returned InitResult.ok(); "
                        + "a state machine's init returns its first state");
            }
            return init;
        }
        Transition t = r instanceof Transition tr ? tr : Transition.next(r);
        Object first = t.next;
        if (first == null || !cb.acceptsState(first)) {
            throw new IllegalStateException("init of " + cb.module().getName() + " must give a first state of the "
                    + "machine, not " + r + (t.kind == Transition.Kind.NEXT ? ""
                    : ": return the first state, or Transition.next(state) with actions; to stop from init, return "
                    + "InitResult.stop(reason) (gen_statem's {stop, Reason}), or InitResult.ignore()"));
        }
        m.state = first;
        if (m.loop != null && (cb.hasEnterCalls() || (t.actions != null && !t.actions.isEmpty()))) {
            // as gen_statem: the start is answered first (init_ack), then the enter call and init's actions run
            m.loop.runFirst(() -> {
                enterFirst(m, t);
                return null;
            });
        } else {
            enterFirst(m, t); // a harness's machine, or nothing of the user's to run: no turn of its own needed
        }
        return InitResult.ok();
    }

    /** The first state's enter call, init's actions, the events they inserted and their zero timeouts. */
    private void enterFirst(Machine m, Transition t) throws Exception {
        apply(m, t, INFO, null, null, true);
        drainQueued(m);
        zeroTimeouts(m);
        armEventTimeout(m);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events

    @Override
    public Object handleCall(Machine m, Object request, From from) throws Exception {
        process(m, CALL, request, from);
        return NO_REPLY; // answered by the handler, or by a reply action; a postponed call is answered later
    }

    @Override
    public void handleCast(Machine m, Object message) throws Exception {
        process(m, CAST, message, null);
    }

    @Override
    public boolean handleInfo(Machine m, Object message) throws Exception {
        switch (message) {
            case StateTimerFired f -> {
                Object event = MachineTimeouts.event(m, f);
                if (event != null) {
                    process(m, INFO, event, null);
                }
            }
            case GenericTimerFired f -> {
                Object event = MachineTimeouts.event(m, f);
                if (event != null) {
                    process(m, INFO, event, null);
                }
            }
            case EventTimerFired f -> {
                Object event = MachineTimeouts.event(m, f);
                if (event != null) {
                    process(m, INFO, event, null);
                }
            }
            case IdleTimeout t when m.eventTimeout != null -> {
                // the test kit's harness times the event timeout itself, and delivers it as the loop's idle timeout
                Object content = m.eventTimeoutContent;
                m.eventTimeout = null;
                m.eventTimeoutContent = null;
                process(m, INFO, new EventTimeout(content), null);
            }
            default -> process(m, INFO, message, null);
        }
        return true;
    }

    /** Handles one event, then every event it queued, then arms the event timeout the last transition asked for. */
    private void process(Machine m, byte kind, Object event, From from) throws Exception {
        eventCame(m); // the event timeout asked for, and the one armed
        MachineTimeouts.cancelEventTimer(m);
        dispatch(m, kind, event, from);
        drainQueued(m);
        zeroTimeouts(m);
        armEventTimeout(m);
    }

    /**
     * Arms the event timeout the last transition asked for: a timer, as gen_statem's, so that a system message (a
     * {@code sys:get_state}, an operator's {@code status}), which is no event, neither restarts nor delays it.
     */
    private static void armEventTimeout(Machine m) {
        if (m.eventTimeout == null) {
            return;
        }
        InlineProcess harness = m.loop == null ? harness() : null;
        if (harness != null) {
            harness.eventTimeout(m.eventTimeout, new EventTimeout(m.eventTimeoutContent));
        } else {
            MachineTimeouts.armEventTimer(m);
        }
    }

    private void drainQueued(Machine m) throws Exception {
        for (Queued q; (q = m.queued.pollFirst()) != null; ) {
            Object event = q.event();
            eventCame(m);
            dispatch(m, q.kind(), event, q.from()); // its consume or postpone line comes once handled, as OTP's
        }
    }

    /**
     * The zero timeouts the transitions set, in the order set, as gen_statem's {@code loop_done} takes its {@code t0q}:
     * each once the machine's own queue (inserted and retried events) is empty, before any message not yet received.
     * Each is an event, so it cancels the event timeout, a zero one still waiting included; one cancelled or set again
     * since is stale and skipped. OTP starts no timer for a relative zero ({@code loop_timeouts_start}).
     */
    private void zeroTimeouts(Machine m) throws Exception {
        for (Object zero; (zero = m.zeros.pollFirst()) != null; ) {
            Object content = MachineTimeouts.content(zero, m); // before event() takes a generic one out of the map
            Object event = MachineTimeouts.event(m, zero);
            if (event == null) {
                continue;
            }
            eventCame(m);
            if (debugging(m)) { // traced as gen_statem traces the t0q event it takes: as received
                m.loop.report(MachineEvents.received(m.loop.debugName(), System.currentTimeMillis(),
                        io.loomotp.runtime.sys.SysEvent.Kind.INFO, event, MachineTimeouts.word(zero), shown(content),
                        null, stateName(m)));
            }
            dispatch(m, INFO, event, null);
            drainQueued(m);
        }
    }

    /** Any event cancels the event timeout asked for last, a zero one waiting in the queue of zeros too. */
    private static void eventCame(Machine m) {
        m.eventTimeout = null;
        m.eventZero = 0;
    }

    private void dispatch(Machine m, byte kind, Object event, From from) throws Exception {
        Object r = kind == INFO || kind == INTERNAL ? cb.handleInfo(data(m), m.state, event)
                : cb.handleEvent(data(m), m.state, event, from != null ? from : NoCaller.INSTANCE);
        if (r == StateMachineCallbacks.UNHANDLED) {
            unhandled(m, kind, event, from);
            return;
        }
        if (r == StateMachineCallbacks.KEEP) {
            traceHandled(m, false, kind, event, from, m.state); // keep_state_and_data: consumed all the same
            return;
        }
        if (r == null) {
            // gen_statem exits with {bad_return_from_state_function, R}; null is no state, and keeping the state
            // silently would hide the bug
            throw new IllegalStateException("the handler of " + event + " in state " + cb.formatState(m.state)
                    + " returned null (OTP's bad_return_from_state_function): return the next state, a Transition, "
                    + "or Transition.keep() to keep the state (a void handler keeps it too)");
        }
        apply(m, r instanceof Transition t ? t : Transition.next(r), kind, event, from, false);
    }

    /**
     * For a client's event of a generated machine that is none of its event records (a string where OTP's code sent
     * an atom, say): what to send instead; otherwise null.
     */
    private String notAnEvent(Object event) {
        Class<?> dispatch = cb.getClass();
        if (!dispatch.getSimpleName().endsWith("_Dispatch") || event.getClass().getEnclosingClass() == dispatch) {
            return null;
        }
        return ", a " + event.getClass().getSimpleName() + ", which is none of its events: a client's event, and one "
                + "inserted with nextCast or nextCall, is one of the records generated for its @Event methods, such as "
                + "new " + dispatch.getSimpleName() + ".Name(args)";
    }

    /**
     * An event no handler takes. An info message or internal event is reported once per type and state, and dropped,
     * as a gen_server does. A client's event crashes the machine, or, with {@code unhandled = LOG}, is reported and
     * dropped, and a waiting caller gets {@link UnhandledEventException}.
     */
    private void unhandled(Machine m, byte kind, Object event, From from) {
        String state = cb.formatState(m.state);
        if (kind == INTERNAL && !cb.logsUnhandled()) {
            // the machine's own event, inserted by nextEvent: no handler for it is a bug of the machine, and OTP's
            // gen_statem crashes on it as on any event no clause matches
            throw new IllegalStateException(cb.module().getSimpleName() + " has no handler for the event it "
                    + "inserted itself, " + cb.formatMessage(event) + ", in state " + state);
        }
        if (kind != INFO && kind != INTERNAL && !cb.logsUnhandled()) {
            String notAnEvent = notAnEvent(event);
            throw new IllegalStateException(notAnEvent != null
                    ? cb.module().getSimpleName() + " was sent " + cb.formatMessage(event) + " in state " + state
                            + notAnEvent
                    : cb.module().getSimpleName() + " has no handler for " + cb.formatMessage(event) + " in state "
                            + state);
        }
        InlineProcess harness = m.loop == null ? harness() : null;
        if (harness != null) {
            harness.unhandled(cb.formatMessage(event) + " in state " + state, from, from == null ? null
                    : new UnhandledEventException(harness.self(), cb.formatMessage(event), state));
            return;
        }
        if (from != null) {
            Calls.fail(from, new UnhandledEventException(ProcessImpl.current(), cb.formatMessage(event), state));
        }
        if (m.warned == null) {
            m.warned = new HashSet<>();
        }
        if (m.warned.add(event.getClass().getName() + " " + m.state.getClass().getName() + m.state)) {
            ProcessImpl self = ProcessImpl.current();
            self.node().reports().report(new UnexpectedMessageReport(self, self.registeredName(),
                    cb.module().getName(), cb.formatMessage(event) + " in state " + state));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transitions

    /**
     * Applies a transition, in gen_statem's order: replies; postpone; the state change (cancelling the state timeout
     * and queueing the postponed events for retry); inserted events (ahead of the retried ones); timeouts; the enter
     * call; stop and hibernate.
     *
     * @param initial true for init's transition: the first state is entered, with an enter call, and not "changed"
     */
    private void apply(Machine m, Transition t, byte kind, Object event, From from, boolean initial)
            throws Exception {
        reply(m, t);
        boolean postponed = !initial && t.has(Action.Postpone.class);
        if (postponed) {
            m.postponed.addLast(new Queued(kind, event, from));
            if (m.loop == null && harness() != null) {
                harness().postponed(event);
            }
        }
        Object old = m.state;
        boolean entered = initial;
        switch (t.kind) {
            case NEXT -> {
                Object next = t.next;
                if (!cb.acceptsState(next)) {
                    throw new IllegalStateException(cb.module().getSimpleName() + " returned " + next
                            + ", which is not one of its states");
                }
                if (!initial && !next.equals(m.state)) {
                    changeState(m, next);
                    entered = true;
                }
            }
            case REPEAT -> entered = true;
            default -> { }
        }
        List<Action> actions = t.actions;
        if (actions != null) {
            for (int i = actions.size() - 1; i >= 0; i--) { // each goes first: in the end they run in the order given
                if (actions.get(i) instanceof Action.NextEvent e) {
                    m.queued.addFirst(new Queued(switch (e.type()) {
                        case INTERNAL -> INTERNAL;
                        case CAST -> CAST;
                        case CALL -> CALL;
                    }, e.event(), e.from()));
                }
            }
        }
        MachineTimeouts.apply(m, t);
        Transition enterTransition = null;
        if (entered && cb.hasEnterCalls()) {
            enterTransition = enter(m, initial ? m.state : old);
        }
        if (t.kind == Transition.Kind.STOP) {
            Handler.stop(t.stopReason); // traced as terminate only: OTP's stop goes straight there
        } else {
            if (!initial) {
                traceHandled(m, postponed, kind, event, from, old);
            }
            // after the consume line, as gen_statem starts the timers of the transition and its enter call after it
            traceTimers(m, t);
            traceTimers(m, enterTransition);
        }
        if (t.has(Action.Hibernate.class)) {
            Handler.hibernate();
        }
    }

    private void changeState(Machine m, Object next) {
        Object old = m.state;
        m.state = next;
        if (m.loop == null && harness() != null) {
            harness().stateChanged(old, next);
        }
        MachineTimeouts.cancelStateTimer(m);
        for (Queued q; (q = m.postponed.pollFirst()) != null; ) {
            m.queued.addLast(q); // retried in their original order, after this transition's inserted events
        }
    }

    /** Runs the enter call; returns the transition it made (its timers not traced yet), or null if it kept all. */
    private Transition enter(Machine m, Object old) throws Exception {
        if (debugging(m)) {
            m.loop.report("enter", "enter " + cb.formatState(m.state) + " from " + cb.formatState(old));
        }
        m.enteringFrom = old;
        m.entering = true; // left set if the enter call throws: the crash report says where it happened
        Object r = cb.enter(data(m), old, m.state);
        m.entering = false;
        m.enteringFrom = null;
        if (r == StateMachineCallbacks.KEEP) {
            return null;
        }
        if (r == null) {
            throw new IllegalStateException("the enter call of state " + cb.formatState(m.state) + " returned null "
                    + "(OTP's bad_return_from_state_function): return EnterTransition.keep() to keep the state (a void "
                    + "enter call keeps it too)");
        }
        if (!(r instanceof EnterTransition et)) {
            throw new IllegalStateException("the enter call of state " + cb.formatState(m.state) + " returned "
                    + r.getClass().getName() + "; an enter call returns KEEP or an EnterTransition (it may keep the "
                    + "state, reply, set timeouts, stop or hibernate, but not change the state, postpone or insert "
                    + "events)");
        }
        Transition t = et.transition;
        String forbidden = t.forbiddenInEnter();
        if (forbidden != null) {
            throw new IllegalStateException("the enter call of state " + cb.formatState(m.state) + " used "
                    + forbidden + ", which an enter call may not");
        }
        reply(m, t);
        MachineTimeouts.apply(m, t);
        if (t.kind == Transition.Kind.STOP) {
            Handler.stop(t.stopReason);
        }
        if (t.has(Action.Hibernate.class)) {
            Handler.hibernate();
        }
        return t;
    }

    /** Sends the transition's replies, first of all it does. */
    @SuppressWarnings("unchecked")
    private void reply(Machine m, Transition t) {
        if (t.actions == null) {
            return;
        }
        for (Action a : t.actions) {
            if (a instanceof Action.Reply(ReplyTo<?> to, Object value)) {
                ((ReplyTo<Object>) to).reply(value); // a reply counts itself in the machine's messages out
                if (m.loop != null) {
                    m.loop.replySent(value, to.pid());
                }
            }
        }
    }

    /**
     * The line of an event handled, once its transition is done: gen_statem's {@code {consume | postpone, Event,
     * State, NextState}}, {@code consume cast coin(50) in state Payment => Selection}, without the arrow when the state
     * was kept.
     */
    private void traceHandled(Machine m, boolean postponed, byte kind, Object event, From from, Object old) {
        if (!debugging(m)) {
            return;
        }
        boolean changed = !old.equals(m.state);
        String now = changed ? cb.formatState(m.state) : null;
        String text = (postponed ? "postpone " : "consume ") + eventString(m, kind, event, from) + " in state "
                + cb.formatState(old) + (changed ? " => " + now : "");
        if (changed) { // a debug function that looks for changes of state still gets them as such
            m.loop.report(MachineEvents.changed(m.loop.debugName(), now, text));
        } else {
            m.loop.report(postponed ? "postpone" : "consume", text);
        }
    }

    /**
     * The lines of the timers a transition started, as gen_statem's {@code {start_timer, Action, State}}:
     * {@code start_timer state_timeout refund after 5000 ms in state payment}. A zero time starts no timer and has no
     * line here: its event is traced as received when it is taken, as OTP's (since 24) takes it from its {@code t0q}
     * with an {@code {in, Event, State}}; cancels and updates have none either, as in OTP.
     */
    private void traceTimers(Machine m, Transition t) {
        if (t == null || t.actions == null || !debugging(m)) {
            return;
        }
        for (Action a : t.actions) {
            switch (a) {
                case Action.SetStateTimeout(Action.Time time, Object c) -> traceTimer(m, "state_timeout", time, c);
                case Action.SetEventTimeout(Action.Time time, Object c) -> traceTimer(m, "timeout", time, c);
                case Action.SetTimeout(String name, Action.Time time, Object c) ->
                        traceTimer(m, "{timeout," + name + "}", time, c);
                default -> { }
            }
        }
    }

    /** One {@code start_timer} line; none for a cancel (no time) or a zero time (no timer). */
    private void traceTimer(Machine m, String type, Action.Time time, Object content) {
        String when = switch (time) {
            case null -> null;
            case Action.After(Duration d) when d.isZero() -> null;
            case Action.After(Duration d) -> "after " + d.toMillis() + " ms";
            case Action.At(java.time.Instant at) -> "at " + at;
        };
        if (when != null) {
            m.loop.report("start_timer", "start_timer " + type + spaced(shown(content)) + " " + when + " in state "
                    + cb.formatState(m.state));
        }
    }

    /**
     * An event as gen_statem's {@code event_string/1} writes it in a consume or postpone line: {@code call ready()
     * from <0.5>}, {@code cast coin(50)}, {@code info Down[..]}, {@code internal check()}, {@code state_timeout refund}.
     */
    private String eventString(Machine m, byte kind, Object event, From from) {
        return switch (event) {
            case StateTimeout(Object c) -> "state_timeout" + spaced(shown(c));
            case EventTimeout(Object c) -> "timeout" + spaced(shown(c));
            case GenericTimeout(String name, Object c) -> "{timeout," + name + "}" + spaced(shown(c));
            case null, default -> kindWord(kind) + " " + cb.formatMessage(event)
                    + (from != null && from.pid() != null ? " from " + from.pid() : "");
        };
    }

    private static String spaced(String s) {
        return s.isEmpty() ? "" : " " + s;
    }

    private static String kindWord(byte kind) {
        return switch (kind) {
            case CALL -> "call";
            case CAST -> "cast";
            case INTERNAL -> "internal";
            default -> "info";
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping and the sys hooks

    @Override
    public void terminate(Machine m, ExitReason reason) throws Exception {
        if (debugging(m)) { // gen_statem's {terminate, Reason, State}
            m.loop.report("terminate", "terminate " + reason + " in state " + cb.formatState(m.state));
        }
        cb.terminate(data(m), m.state, reason);
    }

    @Override
    public String behaviourName() {
        return "gen_statem";
    }

    @Override
    public Class<?> module() {
        return cb.module();
    }

    /**
     * A timer's message names its kind, as gen_statem's event does ({@code state_timeout refund}), wherever a message
     * is shown (a crash report's last message, a status's mailbox); other messages as the callbacks format them.
     */
    @Override
    public String formatMessage(Object message) {
        String what = MachineTimeouts.word(message);
        if (what == null) {
            return cb.formatMessage(message);
        }
        String content = shown(MachineTimeouts.content(message, null));
        return content.isEmpty() ? what : what + " " + content;
    }

    /** A timeout's content as a trace line or a report shows it after the timeout's kind: empty when there is none. */
    private String shown(Object content) {
        return content == null ? "" : cb.formatMessage(content);
    }


    /** Trace lines name timeouts as gen_statem's do: {@code receive state_timeout refund in state Payment}. */
    @Override
    public io.loomotp.runtime.sys.SysEvent receivedEvent(String process, long timestamp,
            io.loomotp.runtime.sys.SysEvent.Kind kind, Object message, String formatted, io.loomotp.runtime.Pid from,
            Machine m) {
        String what = MachineTimeouts.word(message);
        if (what != null) { // its content alone: the kind is the line's word; an updated one as updated
            formatted = shown(MachineTimeouts.content(message, m));
        }
        return MachineEvents.received(process, timestamp, kind, message,
                what != null ? what : kind.name().toLowerCase(java.util.Locale.ROOT), formatted, from, stateName(m));
    }


    /** A state machine reports its own transitions ({@code consume … in state S => S2}), not a new state per event. */
    @Override
    public boolean tracesNewState() {
        return false;
    }

    @Override
    public IllegalStateException refuseContinue() {
        return MachineEvents.noContinue();
    }

    @Override
    public String formatState(Machine m) {
        return "{" + (m.state == null ? "undefined" : cb.formatState(m.state)) + ", " + cb.formatData(data(m)) + "}";
    }

    String stateName(Machine m) {
        return m.state == null ? "undefined" : cb.formatState(m.state);
    }

    @Override
    public Object snapshot(Machine m) {
        return new MachineState(m.state, cb.snapshotData(data(m)));
    }

    @Override
    public Object exposeState(Machine m) {
        return new MachineState(m.state, m.data);
    }

    @Override
    public Machine adoptState(Machine m, Object candidate) {
        if (!(candidate instanceof MachineState(Object state, Object data))) {
            throw new ClassCastException("replaceState of a state machine must return a MachineState, not "
                    + (candidate == null ? "null" : candidate.getClass().getName()));
        }
        if (!cb.acceptsState(state)) {
            throw new ClassCastException(state + " is not a state of " + cb.module().getName());
        }
        if (!cb.acceptsData(data)) {
            throw new ClassCastException((data == null ? "null" : "a " + data.getClass().getName())
                    + " cannot be the data of " + cb.module().getName());
        }
        // the timeouts are left as they are, the state timeout too: gen_statem's system_replace_state swaps
        // {State, Data} and nothing else, and a state timeout then fires in the new state
        m.state = state;
        m.data = data;
        return m;
    }

    @Override
    public Map<String, String> statusExtra(Machine m) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("state", stateName(m));
        List<String> postponed = new ArrayList<>();
        for (Queued q : m.postponed) {
            postponed.add(kindWord(q.kind()) + " " + cb.formatMessage(q.event()));
        }
        extra.put("postponed", postponed.toString());
        List<String> timeouts = new ArrayList<>();
        if (m.stateTimer != null) {
            timeouts.add("state_timeout " + cb.formatMessage(m.stateTimeoutContent) + " in "
                    + m.stateTimer.remaining().toMillis() + " ms");
        }
        if (m.eventTimer != null) {
            timeouts.add("event_timeout " + cb.formatMessage(m.eventTimerContent) + " in "
                    + m.eventTimer.remaining().toMillis() + " ms");
        } else if (m.eventTimeout != null) { // the harness's, which times it itself
            timeouts.add("event_timeout " + cb.formatMessage(m.eventTimeoutContent) + " after "
                    + m.eventTimeout.toMillis() + " ms");
        }
        if (m.generic != null) {
            m.generic.forEach((name, g) -> timeouts.add("{timeout," + name + "} " + cb.formatMessage(g.content())
                    + " in " + g.timer().remaining().toMillis() + " ms"));
        }
        extra.put("timeouts", timeouts.toString());
        return extra;
    }

    @Override
    public String crashDetail(Machine m) {
        return (m.entering ? "** In the enter call of state " + stateName(m) + " (entered from "
                + cb.formatState(m.enteringFrom) + ")\n" : "")
                + "** State = " + stateName(m) + "\n** Postponed = " + statusExtra(m).get("postponed");
    }

    /** Unused by the loop, kept for symmetry with servers: a machine's holder is always accepted. */
    @Override
    public boolean acceptsState(Object candidate) {
        return candidate instanceof Machine;
    }
}
