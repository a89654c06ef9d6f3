package io.loomotp.runtime.statem;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.TimerRef;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.statem.StateMachineBehaviour.Machine;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * A state machine's timeouts, as gen_statem's {@code loop_timeouts}: the state timeout (cancelled by a change of
 * state), the generic timeouts (by name), and their timers, on the node or on the test kit's clock. A relative zero
 * starts no timer: its event goes into the machine's queue, after the events already there and before any message
 * not yet received. A fired timer's message is stale once its timeout was cancelled, restarted or its state left
 * ({@link #event}). The event timeout is the loop's idle timeout, armed by {@link StateMachineBehaviour} after the
 * last queued event.
 *
 * <p>Split from {@link StateMachineBehaviour}, which applies a transition's actions in gen_statem's order and calls
 * {@link #apply} for its timeout actions at their place in that order.
 */
final class MachineTimeouts {
    private MachineTimeouts() {}

    record Generic(long generation, Timer timer, Object content) {}

    /** A pending timeout's timer: the node's, or, run inline, the harness's. */
    interface Timer {
        boolean cancel();

        Duration remaining();
    }

    /** A node timer as a {@link Timer}. */
    record NodeTimer(TimerRef ref) implements Timer {
        @Override
        public boolean cancel() {
            return ref.cancel();
        }

        @Override
        public Duration remaining() {
            return ref.remaining();
        }
    }

    /** A harness's timer as a {@link Timer}. */
    record InlineTimer(InlineProcess.Timer timer) implements Timer {
        @Override
        public boolean cancel() {
            return timer.cancel();
        }

        @Override
        public Duration remaining() {
            return timer.remaining();
        }
    }

    /** The message a state timeout's timer sends; stale if its generation is not the current one. */
    record StateTimerFired(long generation, Object content) {}

    /** The message a generic timeout's timer sends. */
    record GenericTimerFired(String name, long generation, Object content) {}

    /** The message the event timeout's timer sends; stale if an event came since it was armed. */
    record EventTimerFired(long generation, Object content) {}

    /** A relative zero event timeout, waiting in the machine's zero queue; stale once any event came or one was set. */
    record ZeroEventTimeout(long token, Object content) {}

    /** A timer's message's kind in gen_statem's trace words ({@code state_timeout}), or null for any other message. */
    static String word(Object fired) {
        return switch (fired) {
            case StateTimerFired f -> "state_timeout";
            case GenericTimerFired f -> "{timeout," + f.name() + "}";
            case EventTimerFired f -> "timeout";
            case ZeroEventTimeout z -> "timeout";
            default -> null;
        };
    }

    /**
     * The content a timer's message carries: for a generic timeout still pending in {@code m} (null: not asked), as
     * updated since it was armed; any other message is its own content.
     */
    static Object content(Object fired, Machine m) {
        return switch (fired) {
            case StateTimerFired f -> f.content();
            case EventTimerFired f -> f.content();
            case ZeroEventTimeout z -> z.content();
            case GenericTimerFired f -> {
                Generic g = m == null || m.generic == null ? null : m.generic.get(f.name());
                yield g != null && g.generation() == f.generation() ? g.content() : f.content();
            }
            default -> fired;
        };
    }

    /** Any event cancels the armed event timeout; a message its timer sent already is stale from now on. */
    static void cancelEventTimer(Machine m) {
        m.eventTimerGeneration++;
        if (m.eventTimer != null) {
            m.eventTimer.cancel();
            m.eventTimer = null;
        }
    }

    /** Arms the event timeout the last transition asked for ({@code m.eventTimeout}), on the node's timers. */
    static void armEventTimer(Machine m) {
        Object content = m.eventTimeoutContent;
        m.eventTimerContent = content;
        m.eventTimer = sendAfter(m, m.eventTimeout, new EventTimerFired(m.eventTimerGeneration, content),
                new EventTimeout(content));
        m.eventTimeout = null;
        m.eventTimeoutContent = null;
    }

    /**
     * The event of a state or generic timer that fired (from the mailbox, or, for a zero timeout, from the machine's
     * queue); null if it is stale: cancelled, restarted, or its state left since it was set.
     */
    static Object event(Machine m, Object fired) {
        switch (fired) {
            case StateTimerFired f when f.generation() == m.stateTimerGeneration && m.stateTimer != null -> {
                m.stateTimer = null;
                return new StateTimeout(m.stateTimeoutContent);
            }
            case EventTimerFired f when f.generation() == m.eventTimerGeneration && m.eventTimer != null -> {
                m.eventTimer = null;
                return new EventTimeout(m.eventTimerContent);
            }
            case ZeroEventTimeout z when z.token() == m.eventZero -> {
                m.eventZero = 0;
                return new EventTimeout(z.content());
            }
            case GenericTimerFired f -> {
                Generic g = m.generic == null ? null : m.generic.get(f.name());
                if (g != null && g.generation() == f.generation()) {
                    m.generic.remove(f.name());
                    return new GenericTimeout(f.name(), g.content());
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Sets and cancels the transition's timeouts, in the order given, so the last one of a kind wins. A time is read
     * now: a deadline already past gives a zero delay, and fires at once.
     */
    static void apply(Machine m, Transition t) {
        if (t.actions == null) {
            return;
        }
        for (Action a : t.actions) {
            switch (a) {
                case Action.SetStateTimeout(Action.Time time, Object content) -> {
                    cancelStateTimer(m);
                    m.stateTimeoutContent = content;
                    StateTimerFired fired = new StateTimerFired(m.stateTimerGeneration, content);
                    if (isZero(time)) {
                        m.stateTimer = QUEUED;
                        m.zeros.addLast(fired);
                    } else {
                        m.stateTimer = sendAfter(m, time.delay(), fired, new StateTimeout(content));
                    }
                }
                case Action.CancelStateTimeout c -> cancelStateTimer(m);
                case Action.UpdateStateTimeout(Object content) -> {
                    if (m.stateTimer != null) {
                        m.stateTimeoutContent = content; // the event is made from it when the timer fires
                    } else { // none running: a zero timeout, as OTP's loop_timeouts_update starts
                        m.stateTimeoutContent = content;
                        m.stateTimer = QUEUED;
                        m.zeros.addLast(new StateTimerFired(m.stateTimerGeneration, content));
                    }
                }
                case Action.UpdateEventTimeout(Object content) -> {
                    if (m.eventTimeout != null) {
                        m.eventTimeoutContent = content; // set by this transition, not armed yet
                    } else if (m.eventZero != 0) {
                        long token = m.eventZero; // a zero one this transition queued: the same one, new content
                        m.zeros.removeIf(z -> z instanceof ZeroEventTimeout e && e.token() == token);
                        m.zeros.addLast(new ZeroEventTimeout(token, content));
                    } else {
                        m.eventZero = ++m.eventZeroTokens;
                        m.zeros.addLast(new ZeroEventTimeout(m.eventZero, content));
                    }
                }
                case Action.SetEventTimeout(Action.Time time, Object content) -> {
                    m.eventZero = 0; // the last one set wins
                    if (isZero(time)) {
                        m.eventTimeout = null;
                        m.eventZero = ++m.eventZeroTokens;
                        m.zeros.addLast(new ZeroEventTimeout(m.eventZero, content));
                    } else {
                        m.eventTimeout = time == null ? null : time.delay(); // null: cancelEventTimeout
                        m.eventTimeoutContent = content;
                    }
                }
                case Action.SetTimeout(String name, Action.Time time, Object content) -> {
                    cancelGeneric(m, name);
                    long generation = ++m.genericGeneration;
                    GenericTimerFired fired = new GenericTimerFired(name, generation, content);
                    Timer timer;
                    if (isZero(time)) {
                        timer = QUEUED;
                        m.zeros.addLast(fired);
                    } else {
                        timer = sendAfter(m, time.delay(), fired, new GenericTimeout(name, content));
                    }
                    m.generic.put(name, new Generic(generation, timer, content));
                }
                case Action.UpdateTimeout(String name, Object content) -> {
                    Generic pending = m.generic == null ? null : m.generic.get(name);
                    if (pending != null) {
                        m.generic.put(name, new Generic(pending.generation(), pending.timer(), content));
                    } else { // none running: a zero timeout, as OTP's loop_timeouts_update starts
                        cancelGeneric(m, name); // none to cancel: makes the map, as a set does
                        long generation = ++m.genericGeneration;
                        m.generic.put(name, new Generic(generation, QUEUED, content));
                        m.zeros.addLast(new GenericTimerFired(name, generation, content));
                    }
                }
                case Action.CancelTimeout(String name) -> cancelGeneric(m, name);
                default -> { } // replies, postpone, inserted events and hibernate have their own place
            }
        }
    }

    /**
     * A relative zero: OTP starts no timer for it ({@code 0 when TimeoutOpts =:= []}), and inserts its event after
     * the events already queued, before any message not yet received. A deadline already past is a timer, as in OTP.
     */
    private static boolean isZero(Action.Time time) {
        return time instanceof Action.After(Duration delay) && delay.isZero();
    }

    /** The timer of a zero timeout, whose event is in the machine's queue: cancelling it makes that event stale. */
    private static final Timer QUEUED = new Timer() {
        @Override
        public boolean cancel() {
            return true;
        }

        @Override
        public Duration remaining() {
            return Duration.ZERO;
        }
    };

    /** Arms a timer that sends {@code message} to this machine: on the node, or on the harness's clock. */
    private static Timer sendAfter(Machine m, Duration delay, Object message, Object event) {
        if (m.loop == null) {
            InlineProcess harness = StateMachineBehaviour.harness();
            if (harness != null) {
                return new InlineTimer(harness.sendAfter(delay, message, event));
            }
        }
        ProcessImpl self = ProcessImpl.current();
        return new NodeTimer(Node.of(self).sendAfter(delay, self, message));
    }

    /** Cancels the generic timeout {@code name} if it is pending; a timer that fired meanwhile is stale. */
    private static void cancelGeneric(Machine m, String name) {
        if (m.generic == null) {
            m.generic = new LinkedHashMap<>();
        }
        Generic old = m.generic.remove(name);
        if (old != null) {
            old.timer().cancel();
        }
    }

    static void cancelStateTimer(Machine m) {
        m.stateTimerGeneration++;
        if (m.stateTimer != null) {
            m.stateTimer.cancel();
            m.stateTimer = null;
        }
    }
}
