package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.statem.EnterTransition;
import io.loomotp.runtime.statem.EventTimeout;
import io.loomotp.runtime.statem.GenericTimeout;
import io.loomotp.runtime.statem.StateMachineCallbacks;
import io.loomotp.runtime.statem.StateTimeout;
import io.loomotp.runtime.statem.Transition;
import io.loomotp.runtime.statem.UnhandledEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state machine harness, over hand-written callbacks (what a generated {@code _Dispatch} implements;
 * integration-tests drives the tutorial's generated coffee machine): a door that postpones visitors while locked,
 * relocks by a state timeout set in its enter call, and has event and generic timeouts.
 */
class StateMachineHarnessTest {

    /** The door: states "locked" and "open"; its data is a log of what its handlers saw. */
    static class Door implements StateMachineCallbacks<List<String>> {
        @Override
        public Object init(List<String> log) {
            log.add("init");
            return "locked";
        }

        @Override
        public Object handleEvent(List<String> log, Object state, Object event, From from) {
            log.add(state + ": " + event);
            return switch (event + "/" + state) {
                case "unlock/locked" -> "open";
                case "lock/open" -> Transition.next("locked");
                case "visit/locked" -> Transition.keep().postpone();
                case "visit/open" -> Transition.keep().reply(from.typed(), "welcome");
                case "wait/locked", "wait/open" -> Transition.keep().eventTimeout(Duration.ofSeconds(5), "idle");
                case "arm/locked", "arm/open" -> Transition.keep().timeout("alarm", Duration.ofSeconds(3), "ring");
                case "disarm/locked", "disarm/open" -> Transition.keep().cancelTimeout("alarm");
                case "bye/locked", "bye/open" -> Transition.stop(ExitReason.NORMAL).reply(from.typed(), "bye");
                case "chain/locked" -> Transition.keep().nextEvent("inserted");
                case "crash/locked" -> throw new IllegalStateException("the lock jammed");
                default -> UNHANDLED;
            };
        }

        @Override
        public Object handleInfo(List<String> log, Object state, Object message) {
            log.add(state + ": info " + message);
            return switch (message) {
                case StateTimeout t -> "locked";
                case EventTimeout t -> KEEP;
                case GenericTimeout t -> KEEP;
                case String s when s.equals("inserted") -> KEEP;
                default -> UNHANDLED;
            };
        }

        @Override
        public boolean hasEnterCalls() {
            return true;
        }

        @Override
        public Object enter(List<String> log, Object oldState, Object state) {
            log.add("enter " + state + " from " + oldState);
            return state.equals("open") ? EnterTransition.keep().stateTimeout(Duration.ofSeconds(10), "relock") : KEEP;
        }

        @Override
        public void terminate(List<String> log, Object state, ExitReason reason) {
            log.add("terminate in " + state);
        }

        @Override
        public Class<?> module() {
            return Door.class;
        }
    }

    private final StateMachineHarness<List<String>> h = StateMachineHarness.of(new Door(), new ArrayList<>());

    @Test
    void init_entersTheFirstState_withItsEnterCall() throws Exception {
        assertThat(h.init()).isEqualTo("locked");
        assertThat(h.data()).containsExactly("init", "enter locked from locked");
        assertThat(h.effects()).isEmpty();
    }

    @Test
    void postpone_retriesTheCallAfterTheNextStateChange_andItsReplyShows() throws Exception {
        h.init();
        From visitor = h.callDeferred("visit");
        assertThat(visitor.isPending()).isTrue();
        assertThat(h.takeEffects()).containsExactly(new Effect.Postponed("visit"));

        h.cast("unlock");
        assertThat(visitor.isPending()).isFalse();
        assertThat(h.state()).isEqualTo("open");
        assertThat(h.takeEffects()).containsExactly(new Effect.StateChanged("locked", "open"),
                new Effect.TimeoutSet(new StateTimeout("relock"), Duration.ofSeconds(10)),
                new Effect.Reply(visitor.pid(), "welcome"));
        assertThat(h.data()).containsSubsequence("locked: unlock", "enter open from locked", "open: visit");
    }

    @Test
    void advance_firesTheStateTimeoutOfTheEnterCall_atItsInstant() throws Exception {
        h.init();
        h.cast("unlock");
        h.takeEffects();
        h.advance(Duration.ofSeconds(9));
        assertThat(h.state()).isEqualTo("open");
        assertThat(h.untilNextTimeout()).isEqualTo(Duration.ofSeconds(1));

        h.advance(Duration.ofSeconds(5));
        assertThat(h.state()).isEqualTo("locked");
        assertThat(h.takeEffects()).containsExactly(new Effect.TimeoutFired(new StateTimeout("relock")),
                new Effect.StateChanged("open", "locked"));
        assertThat(h.elapsed()).isEqualTo(Duration.ofSeconds(14));
        assertThat(h.pendingTimeouts()).isEmpty();
    }

    /** An advance of {@code Timeouts.INFINITY} fires every pending timeout, with no overflow of the clock. */
    @Test
    void advance_byInfinity_firesWhatIsPending_withoutOverflow() throws Exception {
        h.init();
        h.cast("unlock");
        h.takeEffects();
        h.advance(io.loomotp.runtime.Timeouts.INFINITY);
        assertThat(h.state()).isEqualTo("locked");
        assertThat(h.pendingTimeouts()).isEmpty();
        assertThat(h.elapsed()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void stateChange_cancelsTheStateTimeout() throws Exception {
        h.init();
        h.cast("unlock");
        h.cast("lock");
        assertThat(h.takeEffects()).endsWith(new Effect.StateChanged("open", "locked"),
                new Effect.TimeoutCancelled(new StateTimeout("relock")));
        h.advance(Duration.ofMinutes(1));
        assertThat(h.data()).noneMatch(line -> line.contains("info"));
    }

    @Test
    void eventTimeout_firesWithNoEvent_andAnyEventCancelsIt() throws Exception {
        h.init();
        h.cast("wait");
        h.cast("arm"); // an event: cancels the event timeout
        assertThat(h.takeEffects()).containsExactly(
                new Effect.TimeoutSet(new EventTimeout("idle"), Duration.ofSeconds(5)),
                new Effect.TimeoutCancelled(new EventTimeout("idle")),
                new Effect.TimeoutSet(new GenericTimeout("alarm", "ring"), Duration.ofSeconds(3)));
        h.cast("wait");
        h.advance(Duration.ofSeconds(10)); // the generic timeout, at 3 s, is an event: it cancels the one at 5 s
        assertThat(h.takeEffects()).containsExactly(
                new Effect.TimeoutSet(new EventTimeout("idle"), Duration.ofSeconds(5)),
                new Effect.TimeoutFired(new GenericTimeout("alarm", "ring")),
                new Effect.TimeoutCancelled(new EventTimeout("idle")));
        h.cast("wait");
        h.advance(Duration.ofSeconds(5));
        assertThat(h.data()).last().isEqualTo("locked: info EventTimeout[content=idle]");
    }

    @Test
    void genericTimeout_cancelled_neverFires() throws Exception {
        h.init();
        h.cast("arm");
        assertThat(h.pendingTimeouts()).containsExactly(new GenericTimeout("alarm", "ring"));
        h.cast("disarm");
        h.advance(Duration.ofSeconds(3));
        assertThat(h.takeEffects()).endsWith(new Effect.TimeoutCancelled(new GenericTimeout("alarm", "ring")));
        assertThat(h.data()).noneMatch(line -> line.contains("info"));
    }

    @Test
    void nextEvent_isHandledBeforeTheCastReturns() throws Exception {
        h.init();
        h.cast("chain");
        assertThat(h.data()).endsWith("locked: chain", "locked: info inserted");
    }

    @Test
    void stop_repliesFirst_thenTerminates_andTakesNoMore() throws Exception {
        h.init();
        h.cast("arm");
        assertThat(h.call("bye")).isEqualTo("bye");
        assertThat(h.effects()).endsWith(new Effect.Stopped(ExitReason.NORMAL));
        assertThat(h.data()).last().isEqualTo("terminate in locked");
        assertThat(h.pendingTimeouts()).isEmpty();
        assertThatThrownBy(() -> h.cast("unlock")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the machine has stopped (" + ExitReason.NORMAL + "): it takes no more events");
    }

    @Test
    void crash_terminatesWithTheCrash_andRethrows() throws Exception {
        h.init();
        assertThatThrownBy(() -> h.cast("crash")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the lock jammed");
        assertThat(h.stopReason()).isInstanceOf(ExitReason.Crash.class);
        assertThat(h.data()).last().isEqualTo("terminate in locked");
    }

    @Test
    void unhandledClientEvent_crashesTheMachine_asGenStatemDoes() throws Exception {
        h.init();
        assertThatThrownBy(() -> h.cast("dance")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Door has no handler for dance in state locked");
        assertThat(h.isStopped()).isTrue();
    }

    @Test
    void unhandledInfo_isDroppedAndRecorded() throws Exception {
        h.init();
        h.info(42);
        assertThat(h.effects()).containsExactly(new Effect.Unhandled("42 in state locked"));
        assertThat(h.isStopped()).isFalse();
    }

    /** A call of an event whose handler takes no ReplyTo says it is a cast (it said "postponed or deferred"). */
    @Test
    void call_ofACastEvent_saysToUseCast() throws Exception {
        h.init();
        assertThatThrownBy(() -> h.call("unlock")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the call unlock got no reply (in state open): its handler takes no ReplyTo, so the "
                        + "event is a cast; send it with cast(event)");
        assertThat(h.state()).isEqualTo("open");
    }

    @Test
    void call_postponed_saysToUseCallDeferred() throws Exception {
        h.init();
        assertThatThrownBy(() -> h.call("visit")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the call visit is not answered yet (in state locked): it was postponed or its reply "
                        + "deferred; use callDeferred, and look for its Reply in effects()");
    }

    @Test
    void events_beforeInit_orASecondInit_areRefused() throws Exception {
        assertThatThrownBy(() -> h.cast("unlock")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the machine has not started: call init() first");
        h.init();
        assertThatThrownBy(h::init).isInstanceOf(IllegalStateException.class)
                .hasMessage("init has already run; a machine is started once");
        assertThatThrownBy(() -> h.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot advance by a negative duration: PT-1S");
    }

    @Test
    void unhandledCall_withUnhandledLog_failsTheCallerOnly() throws Exception {
        Door lenient = new Door() {
            @Override
            public boolean logsUnhandled() {
                return true;
            }
        };
        StateMachineHarness<List<String>> l = StateMachineHarness.of(lenient, new ArrayList<>(), "locked");
        assertThat(l.init()).isEqualTo("locked");
        assertThat(l.data()).containsExactly("enter locked from locked"); // the first state, without init
        assertThatThrownBy(() -> l.call("dance")).isInstanceOf(UnhandledEventException.class)
                .hasMessage(l.self() + " has no handler for dance in state locked");
        assertThat(l.effects()).hasSize(2).first().isEqualTo(new Effect.Unhandled("dance in state locked"));
        assertThat(l.effects().get(1)).isInstanceOf(Effect.CallFailed.class);
        assertThat(l.isStopped()).isFalse();
    }

    @Test
    void stop_fromTheTest_runsTerminate_andDropsTheTimeouts() throws Exception {
        h.init();
        h.cast("unlock");
        h.stop(ExitReason.shutdown("closing"));
        assertThat(h.data()).last().isEqualTo("terminate in open");
        assertThat(h.pendingTimeouts()).isEmpty();
        assertThat(h.effects()).last().isEqualTo(new Effect.Stopped(ExitReason.shutdown("closing")));
    }

    @Test
    void of_aServersDispatch_saysToUseTheServerHarness() {
        assertThatThrownBy(() -> StateMachineHarness.of(Frequencyish.class, new Frequencyish()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Frequencyish.class.getName() + " is not a @StateMachine: its dispatch is a server's; "
                        + "use ServerHarness");
    }

    /** A class with a server's dispatch, as the processor would name it. */
    static final class Frequencyish {}

    @Test
    void of_aClassWithNoGeneratedDispatch_namesTheFix() {
        assertThatThrownBy(() -> StateMachineHarness.of(String.class, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no generated dispatch java.lang.String_Dispatch for java.lang.String: is it a "
                        + "@StateMachine, and did the annotation processor run?");
    }
}
