package io.loomotp.runtime.statem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.UnexpectedMessageReport;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.sys.SysStatus;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conformance with OTP's {@code gen_statem_SUITE}; each case is named after the OTP case it mirrors. */
@ExtendWith(NodeExtension.class)
class GenStatemSuiteTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Pid start(Node node, Scripted machine, Scripted.Data data) {
        return GenStatem.start(node, machine, () -> data, StartOptions.defaults());
    }

    /**
     * The pending timeouts as getStatus shows them. A system message is handled after the casts sent before it, so
     * this is what the machine holds after them, with no wait on the clock.
     */
    private static String timeouts(Pid m) {
        return SysCalls.getStatus(m, T).extra().get("timeouts");
    }

    /**
     * gen_statem answers its start ({@code init_ack}) before the first enter call and init's inserted events run: a
     * slow set-up inserted as {@code {next_event, internal, connect}} does not hold the starter (a new user's finding:
     * start waited for it).
     */
    @Test
    @org.junit.jupiter.api.Timeout(30) // the start held by the set-up would wait for ever
    void start_returnsBeforeTheFirstEnterCall_andInitsInsertedEvents(Node node) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Scripted.Data data = new Scripted.Data();
        Scripted machine = new Scripted(Transition.next("connecting").nextCast("connect"))
                .enter((d, old, s) -> StateMachineCallbacks.KEEP)
                .events((d, s, e, f) -> {
                    if (e.equals("connect")) {
                        release.await(); // the slow set-up
                        return "connected";
                    }
                    return Transition.keep().reply(f, s);
                });
        Pid m = start(node, machine, data); // returned while connect waits
        assertThat(data.log).doesNotContain("enter connected from connecting");
        release.countDown();
        assertThat(GenServer.call(m, "where")).isEqualTo("connected"); // after connect: it ran before any message
        assertThat(data.log).startsWith("enter connecting from connecting", "connecting:connect",
                "enter connected from connecting", "connected:where");
    }

    /** A negative timeout names its action and the fix (OTP: bad_action_from_state_function, {state_timeout,-5,neg}). */
    @Test
    void negativeTimeouts_nameTheActionAndTheFix() {
        assertThatThrownBy(() -> Transition.keep().stateTimeout(Duration.ofMillis(-5), "neg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateTimeout(PT-0.005S, neg): a timeout must not be negative")
                .hasMessageContaining("Duration.ZERO").hasMessageContaining("cancelStateTimeout()");
        assertThatThrownBy(() -> Transition.keep().timeout("t", Duration.ofMillis(-5), "neg"))
                .hasMessageContaining("timeout(\"t\", PT-0.005S, neg)").hasMessageContaining("cancelTimeout(\"t\")");
        assertThatThrownBy(() -> Transition.keep().eventTimeout(Duration.ofMillis(-5), "neg"))
                .hasMessageContaining("cancelEventTimeout()");
    }

    /** The first enter call crashes after the start was answered: a started process's crash, not a failed start. */
    @Test
    void aCrashInTheFirstEnterCall_isAStartedProcesssCrash(Node node, Reports reports) {
        Scripted machine = new Scripted("bad").enter((d, old, s) -> {
            throw new IllegalStateException("enter of the first state failed");
        });
        Pid m = start(node, machine, new Scripted.Data());
        CrashReport r = reports.await(CrashReport.class);
        assertThat(r.format()).contains("enter of the first state failed");
        Await.until(() -> !node.isAlive(m), "the machine gone");
    }

    @Test
    void enter_loop_entersTheGivenState_runsItsEnterCall_andAnswersAsAMachine(Node node) throws Exception {
        Scripted.Data data = new Scripted.Data();
        Scripted machine = new Scripted("never used: no init").enter((d, old, s) -> StateMachineCallbacks.KEEP)
                .events((d, s, e, f) -> e.equals("go") ? Transition.next("running").reply(f, s)
                        : Transition.stop(ExitReason.NORMAL).reply(f, s));
        Probe starter = Probe.spawn(node);
        Pid m = starter.exec(() -> io.loomotp.runtime.proc.ProcLib.startLink(() -> {
            io.loomotp.runtime.proc.ProcLib.initAck();
            GenStatem.enterLoop(machine, data, "waiting", StartOptions.defaults());
        }));
        assertThat(GenServer.call(m, "go")).isEqualTo("waiting");
        assertThat(GenServer.call(m, "stop")).isEqualTo("running");
        assertThat(data.terminated.get()).isEqualTo("running normal");
        assertThat(data.log).startsWith("enter waiting from waiting", "waiting:go", "enter running from waiting");
    }

    @Test
    void enter_loop_withActions_theyRunAsInitsWould(Node node) throws Exception {
        Scripted.Data data = new Scripted.Data();
        Scripted machine = new Scripted("never used: no init")
                .events((d, s, e, f) -> e.equals("kick") ? "kicked" : Transition.stop(ExitReason.NORMAL).reply(f, s));
        Probe starter = Probe.spawn(node);
        Pid m = starter.exec(() -> io.loomotp.runtime.proc.ProcLib.startLink(() -> {
            io.loomotp.runtime.proc.ProcLib.initAck();
            // gen_statem:enter_loop/5: the first state with actions, here an event inserted before any other
            GenStatem.enterLoop(machine, data, Transition.next("waiting").nextCast("kick"), StartOptions.defaults());
        }));
        assertThat(GenServer.call(m, "stop")).isEqualTo("kicked");
        assertThat(data.log).containsExactly("waiting:kick", "kicked:stop");
    }

    @Test
    void abnormal1_callTimeout(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> StateMachineCallbacks.KEEP), data);
        assertThatThrownBy(() -> GenServer.call(m, "never answered", Duration.ofMillis(50)))
                .isInstanceOf(CallTimeoutException.class);
        assertThat(node.isAlive(m)).isTrue();
    }

    @Test
    void abnormal2_badReturnCrashesTheMachine(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> 42), data);
        assertThatThrownBy(() -> GenServer.call(m, "bad"))
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.getCause()).hasMessageContaining("not one of its states"));
        CrashReport r = reports.await(CrashReport.class);
        assertThat(r.format()).startsWith("** State machine " + m + " terminating")
                .contains("** Last message in was call bad from")
                .contains("** State = idle")
                .contains("** When Server state == {idle, Data[counter=0]}");
    }

    /** A null is no state: gen_statem's bad_return_from_state_function, not a silent keep (a new user's finding). */
    @Test
    void abnormal2_nullFromAHandler_crashesTheMachine_namingTheFix(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> null), data);
        assertThatThrownBy(() -> GenServer.call(m, "bad"))
                .isInstanceOfSatisfying(ProcessExitException.class, e -> assertThat(e.getCause())
                        .hasMessage("the handler of bad in state idle returned null (OTP's "
                                + "bad_return_from_state_function): return the next state, a Transition, or "
                                + "Transition.keep() to keep the state (a void handler keeps it too)"));
        reports.await(CrashReport.class);
    }

    /**
     * gen_statem's {@code Time = infinity}: no timer is started, and the running one of that kind (or name) is
     * cancelled (OTP's gen_statem_SUITE sets {@code infinity} as a no-op timeout), for each kind of timeout.
     */
    @Test
    void timeouts_ofInfinity_startNoTimer_andCancelTheRunningOne(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> switch ((String) e) {
            case "arm" -> Transition.keep().stateTimeout(Duration.ofMinutes(1), "st")
                    .timeout("g", Duration.ofMinutes(1), "gt");
            case "forever" -> Transition.keep().stateTimeout(Timeouts.INFINITY, "st")
                    .timeout("g", Timeouts.INFINITY, "gt").eventTimeout(Timeouts.INFINITY, "et");
            default -> StateMachineCallbacks.KEEP;
        }), data);
        GenServer.cast(m, "arm");
        assertThat(timeouts(m)).contains("state_timeout").contains("{timeout,g}");
        GenServer.cast(m, "forever");
        assertThat(timeouts(m)).isEqualTo("[]");
        assertThat(io.loomotp.runtime.NodeCounters.of(node).pendingTimers()).isZero();
    }

    /** gen_statem: {@code stop} takes no actions and {@code stop_and_reply} replies only; nothing runs after. */
    @Test
    void stop_takesRepliesOnly_anyOtherActionIsRefusedWhereItIsAdded() {
        assertThatThrownBy(() -> Transition.stop(ExitReason.NORMAL).nextEvent("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a stopping transition takes replies only (gen_statem's stop_and_reply), not an inserted "
                        + "event (x): once the machine stops nothing else is handled, no timeout fires and nothing "
                        + "postponed is retried");
        assertThatThrownBy(() -> Transition.stop(ExitReason.NORMAL).postpone())
                .hasMessageContaining("not postpone()");
        assertThatThrownBy(() -> Transition.stop(ExitReason.NORMAL).stateTimeout(Duration.ofSeconds(1), "t"))
                .hasMessageContaining("not a timeout action");
        assertThatThrownBy(() -> Transition.stop(ExitReason.NORMAL).reply(null, "v"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ReplyTo of the call it answers");
    }

    /** A sync event's handler reached by a cast (nextCast, or a client's cast) says so, not a null pointer. */
    @Test
    void aCallsHandler_reachedByACast_crashesTheMachine_namingTheFix(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> e.equals("recast")
                ? Transition.keep().nextCast("ask") : Transition.keep().reply(f.typed(), "answer")), data);
        GenServer.cast(m, "recast");
        assertThat(reports.await(CrashReport.class).format()).contains("this event came as a cast (a client's cast, "
                + "or Transition.nextCast), but its handler takes a ReplyTo, which only a call has: send it with a "
                + "call, or insert it with Transition.nextCall(event, replyTo)");
        Await.until(() -> !node.isAlive(m), "the machine to die");
    }

    /** An init that returns a keep or a stop transition is told what to return instead. */
    @Test
    void init_returningAStopTransition_failsTheStart_namingTheFix(Node node) {
        Scripted machine = new Scripted(Transition.stop(ExitReason.NORMAL));
        assertThatThrownBy(() -> start(node, machine, new Scripted.Data()))
                .hasMessageContaining("to stop from init, return InitResult.stop(reason)");
    }

    @Test
    void shutdown_runsTerminateWithTheState(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle"), data);
        GenServer.stop(m, ExitReason.SHUTDOWN, T);
        assertThat(data.terminated).isCompletedWithValue("idle shutdown");
    }

    @Test
    void stop_and_reply_repliesArriveBeforeTheExit(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> e.equals("stop")
                ? Transition.stop(ExitReason.NORMAL).reply(f, "bye") : StateMachineCallbacks.KEEP), data);
        Probe caller = Probe.spawn(node);
        MonitorRef ref = caller.exec(() -> Process.monitor(m));
        Object reply = caller.exec(() -> GenServer.call(m, "stop"));
        assertThat(reply).isEqualTo("bye");
        assertThat(caller.next()).isEqualTo(new Down(ref, m, ExitReason.NORMAL));
        assertThat(data.terminated).isCompletedWithValue("idle normal");
    }

    @Test
    void event_order_postponedEventsReplayAfterAStateChange_inTheirOrder(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("locked").events((d, s, e, f) -> {
            if (s.equals("locked")) {
                return e.equals("unlock") ? Transition.next("open") : Transition.keep().postpone();
            }
            d.log.add("handled " + e + " in " + s);
            return StateMachineCallbacks.KEEP;
        }), data);
        GenServer.cast(m, "a");
        GenServer.cast(m, "b");
        GenServer.cast(m, "unlock");
        GenServer.cast(m, "c");
        Await.until(() -> data.log.contains("handled c in open"), "the last event");
        assertThat(data.log.stream().filter(l -> l.startsWith("handled")).toList())
                .containsExactly("handled a in open", "handled b in open", "handled c in open");
    }

    @Test
    void event_order_insertedEventsComeFirst_beforeRetriedAndQueuedOnes(Node node) {
        assertThat(unlockedWith(node, Transition.next("open").nextEvent("first").nextEvent("second")))
                .containsExactly("internal first", "internal second", "event postponed", "event later");
    }

    @Test
    void event_order_anInsertedCastGoesToTheCastHandlers_inOrderWithInternalEvents(Node node) {
        assertThat(unlockedWith(node, Transition.next("open").nextCast("recast").nextEvent("internal").nextCast("again")))
                .containsExactly("event recast", "internal internal", "event again", "event postponed", "event later");
    }

    @Test
    void event_order_anInsertedCallGoesToItsHandler_whoseReplyReachesTheCaller(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    // a call handled as another event, after an internal one: OTP's {next_event, {call, From}, E}
                    case "ask" -> Transition.next("asked").nextEvent("note").nextCall("answer", f);
                    case "answer" -> Transition.keep().reply(f, "answered in " + s + " to " + f.pid());
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> StateMachineCallbacks.KEEP), data);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, lines::add, T);
        assertThat(GenServer.call(m, "ask")).isEqualTo("answered in asked to " + node.systemPid());
        SysCalls.trace(m, false, null, T);
        assertThat(data.log).containsExactly("idle:ask", "asked:info note", "asked:answer");
        // gen_statem's lines: each event handled is consumed, the inserted ones too, with its transition
        assertThat(lines).containsExactly(
                "*DBG* " + m + " receive call ask from " + node.systemPid() + " in state idle",
                "*DBG* " + m + " consume call ask from " + node.systemPid() + " in state idle => asked",
                "*DBG* " + m + " consume internal note in state asked",
                "*DBG* " + m + " send answered in asked to " + node.systemPid() + " to " + node.systemPid(),
                "*DBG* " + m + " consume call answer from " + node.systemPid() + " in state asked");
    }

    @Test
    void nextCall_takesOnlyAReplyToTheRuntimeGave() {
        ReplyTo<String> homeMade = new ReplyTo<>() {
            public Pid pid() {
                return null;
            }

            public boolean reply(String value) {
                return false;
            }

            public boolean isPending() {
                return true;
            }
        };
        assertThatThrownBy(() -> Transition.keep().nextCall("e", homeMade))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("nextCall takes a ReplyTo the runtime gave this machine");
    }

    /**
     * A machine, locked, that postpones every event but {@code unlock}, which {@code onUnlock} answers; casts
     * {@code postponed}, {@code unlock} and {@code later}, and returns the events and internal events it handled.
     */
    private static List<String> unlockedWith(Node node, Transition onUnlock) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("locked")
                .events((d, s, e, f) -> {
                    if (s.equals("locked") && !e.equals("unlock")) {
                        return Transition.keep().postpone();
                    }
                    if (e.equals("unlock")) {
                        return onUnlock;
                    }
                    d.log.add("event " + e);
                    return StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("internal " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "postponed");
        GenServer.cast(m, "unlock");
        GenServer.cast(m, "later");
        Await.until(() -> data.log.contains("event later"), "the queued event");
        return data.log.stream().filter(l -> l.startsWith("event") || l.startsWith("internal")).toList();
    }

    /** A throw in an enter call: the crash report says it happened there, and from which state. */
    @Test
    void state_enter_throwing_theCrashReportSaysItWasTheEnterCall(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.next("busy"))
                .enter((d, old, s) -> {
                    if (s.equals("busy")) {
                        throw new IllegalStateException("no room");
                    }
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "go");
        assertThat(reports.await(CrashReport.class).format())
                .contains("** Last message in was cast go", "** In the enter call of state busy (entered from idle)");
        Await.until(() -> !node.isAlive(m), "the machine's exit");
    }

    /** A crash in a timeout's handler: the last message names the timeout's kind, as gen_statem's event does. */
    @Test
    void stateTimeout_handlerCrash_theLastMessageNamesTheTimeout(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.keep().stateTimeout(Duration.ofMillis(1), "refund"))
                .infos((d, s, msg) -> {
                    throw new IllegalStateException("refund failed");
                }), data);
        GenServer.cast(m, "go");
        assertThat(reports.await(CrashReport.class).format()).contains("** Last message in was state_timeout refund");
        Await.until(() -> !node.isAlive(m), "the machine's exit");
    }

    @Test
    void state_enter_returningAnythingButAnEnterTransition_crashesWithWhatItMayReturn(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.next("busy"))
                .enter((d, old, s) -> s.equals("busy") ? Transition.keep().nextCast("x") : StateMachineCallbacks.KEEP),
                data);
        GenServer.cast(m, "go");
        assertThat(reports.await(CrashReport.class).format())
                .contains("the enter call of state busy returned io.loomotp.runtime.statem.Transition; an enter call "
                        + "returns KEEP or an EnterTransition");
        Await.until(() -> !node.isAlive(m), "the machine's exit");
    }

    @Test
    void state_enter_isCalledOnEachChange_withTheOldState_andForTheFirstState(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("a")
                .events((d, s, e, f) -> e.equals("repeat") ? Transition.repeat() : Transition.next(e))
                .enter((d, old, s) -> StateMachineCallbacks.KEEP), data);
        GenServer.cast(m, "b");
        GenServer.cast(m, "b"); // the same state: no enter call
        GenServer.cast(m, "repeat");
        GenServer.cast(m, "c");
        Await.until(() -> data.log.contains("enter c from b"), "the last enter call");
        assertThat(data.log.stream().filter(l -> l.startsWith("enter")).toList())
                .containsExactly("enter a from a", "enter b from a", "enter b from b", "enter c from b");
    }

    @Test
    void state_enter_mayNotChangeTheState(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("a").events((d, s, e, f) -> Transition.next(e))
                .enter((d, old, s) -> s.equals("b") ? EnterTransition.keep().stateTimeout(Duration.ofHours(1), "x")
                        : StateMachineCallbacks.KEEP), data);
        GenServer.cast(m, "b");
        Await.until(() -> SysCalls.getStatus(m, T).extra().get("timeouts").contains("state_timeout"),
                "the enter call's state timeout");
        assertThat(node.isAlive(m)).isTrue();
    }

    @Test
    void state_timeout_firesInTheState_andIsCancelledByAStateChange(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "wait" -> Transition.next("waiting").stateTimeout(Duration.ofMillis(20), "too slow");
                    case "long" -> Transition.next("waiting").stateTimeout(Duration.ofHours(1), "never");
                    case "leave" -> Transition.next("left");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("timeout " + msg + " in " + s);
                    return Transition.next("idle");
                }), data);
        GenServer.cast(m, "wait");
        Await.until(() -> data.log.contains("timeout StateTimeout[content=too slow] in waiting"), "the timeout");
        GenServer.cast(m, "long");
        assertThat(timeouts(m)).contains("state_timeout never");
        GenServer.cast(m, "leave"); // a state change cancels it
        assertThat(timeouts(m)).isEqualTo("[]");
        GenServer.cast(m, "wait");
        Await.until(() -> data.log.stream().filter(l -> l.startsWith("timeout")).count() == 2, "a second timeout");
        assertThat(data.log).noneMatch(l -> l.contains("never"));
    }

    @Test
    void event_timeout_firesWhenNoEventComes_andIsCancelledByAnEvent(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "arm" -> Transition.keep().eventTimeout(Duration.ofMillis(20), "quiet");
                    case "arm-long" -> Transition.keep().eventTimeout(Duration.ofHours(1), "never");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "arm");
        Await.until(() -> data.log.contains("fired EventTimeout[content=quiet]"), "the event timeout");
        GenServer.cast(m, "arm-long");
        GenServer.cast(m, "any event"); // cancels it
        assertThat(timeouts(m)).isEqualTo("[]");
        GenServer.cast(m, "arm");
        Await.until(() -> data.log.stream().filter(l -> l.startsWith("fired")).count() == 2, "a second timeout");
        assertThat(data.log).noneMatch(l -> l.contains("never"));
    }

    /**
     * A system message is no event: gen_statem keeps its event timeout in its timers while sys:handle_system_msg
     * answers. Here it was the loop's idle timeout, which every sys request restarted, so a machine looked at more
     * often than its timeout never timed out.
     */
    @Test
    void event_timeout_isNotPutOffBySysRequests(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.keep().eventTimeout(Duration.ofMillis(300), "quiet"))
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "arm");
        assertThat(timeouts(m)).contains("event_timeout quiet in ");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!data.log.contains("fired EventTimeout[content=quiet]") && System.nanoTime() < until) {
            SysCalls.getState(m, T); // far more often than the timeout: each one used to restart it
        }
        assertThat(data.log).contains("fired EventTimeout[content=quiet]");
    }

    @Test
    void generic_timeouts_setUpdateAndCancel(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "set" -> Transition.keep().timeout("t", Duration.ofHours(1), "old");
                    case "update" -> Transition.keep().timeout("t", Duration.ofMillis(20), "new");
                    case "set-other" -> Transition.keep().timeout("u", Duration.ofHours(1), "cancelled");
                    case "cancel-other" -> Transition.keep().cancelTimeout("u");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "set");
        GenServer.cast(m, "set-other");
        assertThat(timeouts(m)).contains("{timeout,t} old", "{timeout,u} cancelled");
        GenServer.cast(m, "cancel-other");
        assertThat(timeouts(m)).contains("{timeout,t} old").doesNotContain("{timeout,u}");
        GenServer.cast(m, "update"); // restarts t with the new time and content
        Await.until(() -> data.log.contains("fired GenericTimeout[name=t, content=new]"), "the updated timeout");
        assertThat(timeouts(m)).isEqualTo("[]");
        assertThat(data.log.stream().filter(l -> l.startsWith("fired")).toList()).containsExactly(
                "fired GenericTimeout[name=t, content=new]");
    }

    @Test
    void generic_timeouts_updateChangesTheContentOnly_andFiresAtOnceWhenNotPending(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "set" -> Transition.keep().timeout("t", Duration.ofSeconds(1), "first");
                    case "update" -> Transition.keep().updateTimeout("t", "updated");
                    case "update-idle" -> Transition.keep().updateTimeout("none", "at once");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        // OTP: update on a running timer keeps its time and replaces its content; on none, the event comes now
        GenServer.cast(m, "update-idle");
        Await.until(() -> data.log.contains("fired GenericTimeout[name=none, content=at once]"), "the inserted one");
        GenServer.cast(m, "set");
        GenServer.cast(m, "update");
        assertThat(timeouts(m)).contains("{timeout,t} updated in ");
        Await.until(() -> data.log.contains("fired GenericTimeout[name=t, content=updated]"), "the updated one");
        assertThat(data.log.stream().filter(l -> l.startsWith("fired")).toList()).containsExactly(
                "fired GenericTimeout[name=none, content=at once]", "fired GenericTimeout[name=t, content=updated]");
    }

    /**
     * {@code {state_timeout, update, C}} and {@code {timeout, update, C}}, as {@code loop_timeouts_update} does them:
     * a running timer keeps its time and gets the new content; with none running, the event comes at once. A new
     * user's finding: only generic timeouts had an update.
     */
    @Test
    void stateAndEventTimeouts_updateChangesTheContentOnly_andFiresAtOnceWhenNotPending(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "update-state-idle" -> Transition.keep().updateStateTimeout("state at once");
                    case "update-event-idle" -> Transition.keep().updateEventTimeout("event at once");
                    case "set-state" -> Transition.keep().stateTimeout(Duration.ofSeconds(1), "first");
                    case "update-state" -> Transition.keep().updateStateTimeout("updated");
                    case "set-and-update-event" -> Transition.keep().eventTimeout(Duration.ofMillis(100), "set")
                            .updateEventTimeout("event updated");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "update-state-idle");
        Await.until(() -> data.log.contains("fired StateTimeout[content=state at once]"), "the inserted state timeout");
        GenServer.cast(m, "update-event-idle");
        Await.until(() -> data.log.contains("fired EventTimeout[content=event at once]"), "the inserted event timeout");
        GenServer.cast(m, "set-state");
        GenServer.cast(m, "update-state");
        assertThat(timeouts(m)).contains("state_timeout updated in ");
        Await.until(() -> data.log.contains("fired StateTimeout[content=updated]"), "the updated state timeout");
        GenServer.cast(m, "set-and-update-event");
        Await.until(() -> data.log.contains("fired EventTimeout[content=event updated]"), "the updated event timeout");
        assertThat(data.log.stream().filter(l -> l.startsWith("fired")).toList()).containsExactly(
                "fired StateTimeout[content=state at once]", "fired EventTimeout[content=event at once]",
                "fired StateTimeout[content=updated]", "fired EventTimeout[content=event updated]");
    }

    /**
     * {@code generic_timers}, its absolute part: {@code {{timeout,c},T,2,{abs,true}}} with {@code T} 50 ms ahead fires
     * after {@code {{timeout,d},0,2}}, each in the state the one before it led to.
     */
    @Test
    void generic_timers_absoluteDeadline_firesAtItsTime(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("start")
                .events((d, s, e, f) -> Transition.next("state2")
                        .timeout("c", Instant.now().plusMillis(50), 2)
                        .timeout("d", Duration.ZERO, 2)
                        .timeout("b", Duration.ofHours(1), 1)
                        .cancelTimeout("b"))
                .infos((d, s, msg) -> switch (s + " " + msg) {
                    case "state2 GenericTimeout[name=d, content=2]" -> Transition.next("state3");
                    case "state3 GenericTimeout[name=c, content=2]" -> Transition.next("state4");
                    default -> throw new IllegalStateException("unexpected " + msg + " in " + s);
                }), data);
        GenServer.cast(m, "go");
        Await.until(() -> data.log.contains("state3:info GenericTimeout[name=c, content=2]"), "the absolute timeout");
        assertThat(((MachineState) SysCalls.getState(m, T)).state()).isEqualTo("state4");
        assertThat(timeouts(m)).isEqualTo("[]");
    }

    /** The index of the log line that ends with {@code info <what>}, in whatever state it came. */
    private static int at(List<String> log, String what) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).endsWith(":info " + what)) {
                return i;
            }
        }
        throw new AssertionError("no '" + what + "' in " + log);
    }

    /**
     * gen_statem's loop_timeouts_start starts no timer for a relative zero: the timeout's event is handled after the
     * events already queued (inserted ones), and before any message not yet received, here one the handler sent
     * itself. A zero event timeout is cancelled by queued events, and not by a message in the mailbox.
     */
    @Test
    void zeroTimeouts_comeAfterTheQueuedEvents_andBeforeTheMailbox(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> {
                    switch ((String) e) {
                        case "state" -> {
                            Process.send(Process.self(), "mbox-state");
                            return Transition.next("waiting").nextEvent("inserted")
                                    .stateTimeout(Duration.ZERO, "st0");
                        }
                        case "generic" -> {
                            Process.send(Process.self(), "mbox-generic");
                            return Transition.keep().timeout("g", Duration.ZERO, "g0");
                        }
                        case "event" -> {
                            Process.send(Process.self(), "mbox-event");
                            return Transition.keep().eventTimeout(Duration.ZERO, "et0");
                        }
                        case "event-cancelled" -> {
                            return Transition.keep().nextEvent("inserted").eventTimeout(Duration.ZERO, "never");
                        }
                        case "state-left" -> {
                            return Transition.next("other").nextEvent("leave").stateTimeout(Duration.ZERO, "stale");
                        }
                        default -> {
                            return StateMachineCallbacks.KEEP;
                        }
                    }
                })
                .infos((d, s, msg) -> "leave".equals(msg) ? Transition.next("left") : StateMachineCallbacks.KEEP),
                data);
        GenServer.cast(m, "state");
        GenServer.cast(m, "generic");
        GenServer.cast(m, "event");
        GenServer.cast(m, "event-cancelled");
        GenServer.cast(m, "state-left"); // the inserted event leaves the state first: the zero timeout is stale
        Await.until(() -> data.log.stream().filter(l -> l.contains(":info mbox-")).count() == 3
                && data.log.contains("other:info leave"), "every message");
        // each in the turn of its event, right after it (and its inserted event), so before the message the handler
        // sent itself; a timer's message would come after that message
        assertThat(data.log).containsSequence("idle:state", "waiting:info inserted",
                "waiting:info StateTimeout[content=st0]");
        assertThat(at(data.log, "StateTimeout[content=st0]")).isLessThan(at(data.log, "mbox-state"));
        assertThat(data.log).containsSequence("waiting:generic", "waiting:info GenericTimeout[name=g, content=g0]");
        assertThat(at(data.log, "GenericTimeout[name=g, content=g0]")).isLessThan(at(data.log, "mbox-generic"));
        assertThat(data.log).containsSequence("waiting:event", "waiting:info EventTimeout[content=et0]");
        assertThat(at(data.log, "EventTimeout[content=et0]")).isLessThan(at(data.log, "mbox-event"));
        assertThat(data.log).noneMatch(l -> l.contains("never") || l.contains("stale"));
    }

    /**
     * gen_statem's {@code t0q}: zero timeouts are events in the order their actions set them, each cancelling the
     * event timeout as any event does. So a zero event timeout set first comes first, and set after a zero state
     * timeout is cancelled by it; one set again moves to the end; an update with no timer running starts a zero one.
     */
    @Test
    void zeroTimeouts_inTheOrderSet_eachAnEventThatCancelsTheEventTimeout(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "event-first" -> Transition.keep().eventTimeout(Duration.ZERO, "e1")
                            .stateTimeout(Duration.ZERO, "s1").timeout("g", Duration.ZERO, "g1");
                    case "event-last" -> Transition.keep().stateTimeout(Duration.ZERO, "s2")
                            .eventTimeout(Duration.ZERO, "cancelled by s2");
                    case "set-again" -> Transition.keep().timeout("a", Duration.ZERO, "a-old")
                            .stateTimeout(Duration.ZERO, "s3").timeout("a", Duration.ZERO, "a-new");
                    case "update" -> Transition.keep().updateTimeout("u", "u1");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> StateMachineCallbacks.KEEP), data);
        for (String e : List.of("event-first", "event-last", "set-again", "update", "done")) {
            GenServer.cast(m, e);
        }
        Await.until(() -> data.log.contains("idle:done"), "every event");
        assertThat(data.log.stream().filter(l -> !l.contains(":info ") || l.contains("Timeout")).toList())
                .containsExactly("idle:event-first", "idle:info EventTimeout[content=e1]",
                        "idle:info StateTimeout[content=s1]", "idle:info GenericTimeout[name=g, content=g1]",
                        "idle:event-last", "idle:info StateTimeout[content=s2]",
                        "idle:set-again", "idle:info StateTimeout[content=s3]",
                        "idle:info GenericTimeout[name=a, content=a-new]",
                        "idle:update", "idle:info GenericTimeout[name=u, content=u1]",
                        "idle:done");
    }

    /**
     * An event the machine inserted itself and no handler takes is a bug of the machine: it crashes, as gen_statem
     * does on an event no clause matches (it was dropped with a warning, as a stray info message is).
     */
    @Test
    void anInsertedEventNoHandlerTakes_crashesTheMachine(Node node, Reports reports) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.keep().nextEvent(42))
                .infos((d, s, msg) -> StateMachineCallbacks.UNHANDLED), data);
        Probe watcher = Probe.spawn(node);
        MonitorRef ref = watcher.exec(() -> Process.monitor(m));
        GenServer.cast(m, "go");
        Down down = watcher.next(Down.class);
        assertThat(down.ref()).isEqualTo(ref);
        assertThat(down.reason().toString()).contains("no handler for the event it inserted itself, 42");
        reports.await(CrashReport.class);
    }

    @Test
    void absoluteTimeouts_aDeadlineAlreadyPast_firesAtOnce(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "state" -> Transition.next("waiting").stateTimeout(Instant.now().minusSeconds(60), "late");
                    case "generic" -> Transition.keep().timeout("g", Instant.EPOCH, "late");
                    case "event" -> Transition.keep().eventTimeout(Instant.now().minusSeconds(1), "late");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> StateMachineCallbacks.KEEP), data);
        GenServer.cast(m, "state");
        Await.until(() -> data.log.contains("waiting:info StateTimeout[content=late]"), "the state timeout");
        GenServer.cast(m, "generic");
        Await.until(() -> data.log.contains("waiting:info GenericTimeout[name=g, content=late]"), "the generic one");
        GenServer.cast(m, "event");
        Await.until(() -> data.log.contains("waiting:info EventTimeout[content=late]"), "the event timeout");
    }

    @Test
    void absoluteTimeouts_aDeadlineAhead_waitsForIt_andIsCancelledAsARelativeOne(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "arm" -> Transition.next("waiting")
                            .stateTimeout(Instant.now().plus(Duration.ofHours(1)), "state")
                            .timeout("g", Instant.now().plus(Duration.ofHours(2)), "generic");
                    case "leave" -> Transition.next("idle").cancelTimeout("g");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> StateMachineCallbacks.KEEP), data);
        GenServer.cast(m, "arm");
        assertThat(timeouts(m)).contains("state_timeout state in 35", "{timeout,g} generic in 71");
        GenServer.cast(m, "leave");
        assertThat(timeouts(m)).isEqualTo("[]");
        assertThat(data.log).noneMatch(l -> l.contains("Timeout["));
    }

    @Test
    void timeouts_ofOneKind_theLastSetWins(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "set-cancel" -> Transition.keep().stateTimeout(Duration.ofHours(1), "a")
                            .cancelStateTimeout();
                    case "cancel-set" -> Transition.keep().cancelStateTimeout()
                            .stateTimeout(Duration.ofHours(1), "b").stateTimeout(Duration.ofHours(2), "c");
                    default -> StateMachineCallbacks.KEEP;
                }), data);
        GenServer.cast(m, "set-cancel");
        assertThat(timeouts(m)).isEqualTo("[]");
        GenServer.cast(m, "cancel-set");
        assertThat(timeouts(m)).contains("state_timeout c in 71").doesNotContain("state_timeout b");
    }

    @Test
    void sys_trace_namesTimeoutsAsGenStatemDoes(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> Transition.next("waiting").stateTimeout(Duration.ofMillis(5), "refund"))
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return Transition.next("idle");
                }), data);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, lines::add, T);
        GenServer.cast(m, "go");
        Await.until(() -> data.log.contains("fired StateTimeout[content=refund]"), "the state timeout");
        SysCalls.trace(m, false, null, T);
        assertThat(lines).contains("*DBG* " + m + " receive state_timeout refund in state waiting");
    }

    /** An updated generic timeout is traced with its new content; a zero timeout is traced as received too. */
    @Test
    void sys_trace_showsUpdatedContent_andZeroTimeouts(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "arm" -> Transition.keep().timeout("close", Duration.ofMillis(20), "auto");
                    case "extend" -> Transition.keep().updateTimeout("close", "extended");
                    case "zero" -> Transition.keep().stateTimeout(Duration.ZERO, "now");
                    default -> StateMachineCallbacks.KEEP;
                })
                .infos((d, s, msg) -> {
                    d.log.add("fired " + msg);
                    return StateMachineCallbacks.KEEP;
                }), data);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, lines::add, T);
        GenServer.cast(m, "arm");
        GenServer.cast(m, "extend");
        GenServer.cast(m, "zero");
        Await.until(() -> data.log.contains("fired GenericTimeout[name=close, content=extended]")
                && data.log.contains("fired StateTimeout[content=now]"), "both timeouts");
        SysCalls.trace(m, false, null, T);
        assertThat(lines).contains("*DBG* " + m + " receive {timeout,close} extended in state idle",
                "*DBG* " + m + " receive state_timeout now in state idle");
        assertThat(lines).noneMatch(l -> l.contains("receive {timeout,close} auto"));
    }

    /**
     * The timers a transition starts and the stop, traced as gen_statem's {@code start_timer} and {@code terminate}
     * events are; a zero timeout starts no timer, and is traced as received when taken (OTP's t0q), once.
     */
    @Test
    void sys_trace_startTimer_andTerminate(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle")
                .events((d, s, e, f) -> switch ((String) e) {
                    case "arm" -> Transition.next("armed").stateTimeout(Duration.ofHours(1), "refund")
                            .timeout("close", Duration.ofMinutes(2), "auto").eventTimeout(Duration.ofSeconds(30),
                                    "idle");
                    case "zero" -> Transition.keep().timeout("now", Duration.ZERO, "at_once");
                    default -> StateMachineCallbacks.KEEP;
                }), data);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, lines::add, T);
        GenServer.cast(m, "arm");
        GenServer.cast(m, "zero");
        Await.until(() -> lines.stream().anyMatch(l -> l.contains("receive {timeout,now} at_once")),
                "the zero timeout handled");
        GenStatem.stop(m);
        assertThat(lines).contains(
                "*DBG* " + m + " start_timer state_timeout refund after 3600000 ms in state armed",
                "*DBG* " + m + " start_timer {timeout,close} auto after 120000 ms in state armed",
                "*DBG* " + m + " start_timer timeout idle after 30000 ms in state armed",
                "*DBG* " + m + " receive {timeout,now} at_once in state armed",
                "*DBG* " + m + " terminate normal in state armed");
        assertThat(lines).noneMatch(l -> l.contains("at_once after") || l.contains("insert_timeout"));
        assertThat(lines.indexOf("*DBG* " + m + " start_timer state_timeout refund after 3600000 ms in state armed"))
                .as("after the transition's consume line").isGreaterThan(lines.indexOf("*DBG* " + m
                        + " consume cast arm in state idle => armed"));
    }

    @Test
    void sys_get_state_and_replace_state(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> Transition.next(e)), data);
        GenServer.cast(m, "busy");
        assertThat(SysCalls.getState(m, T)).isEqualTo(new MachineState("busy", data));
        Object after = SysCalls.<MachineState>replaceState(m, ms -> new MachineState("idle", ms.data()), T);
        assertThat(after).isEqualTo(new MachineState("idle", data));
        assertThatThrownBy(() -> SysCalls.<MachineState>replaceState(m, ms -> new MachineState(7, ms.data()), T))
                .hasMessageContaining("7 is not a state");
        assertThat(((MachineState) SysCalls.getState(m, T)).state()).isEqualTo("idle");
    }

    /**
     * As OTP 25's (checked with erl by a new user, 2026-12-05): sys:replace_state changes the state without
     * touching the timers; the pending state timeout stays, and fires in the new state.
     */
    @Test
    void sys_replace_state_keepsThePendingStateTimeout_whichFiresInTheNewState() {
        io.loomotp.runtime.ManualClock clock = new io.loomotp.runtime.ManualClock();
        try (Node node = Node.create("replace", clock)) {
            Scripted.Data data = new Scripted.Data();
            Pid m = start(node, new Scripted("idle")
                    .events((d, s, e, f) -> Transition.next("waiting").stateTimeout(Duration.ofHours(1), "expired"))
                    .infos((d, s, msg) -> {
                        d.log.add("fired " + msg + " in " + s);
                        return Transition.keep();
                    }), data);
            GenServer.cast(m, "go");
            Await.until(() -> timeouts(m).contains("state_timeout"), "the state timeout armed");
            SysCalls.<MachineState>replaceState(m, ms -> new MachineState("closing", ms.data()), T);
            assertThat(timeouts(m)).contains("state_timeout expired");
            clock.advance(Duration.ofHours(2));
            Await.until(() -> data.log.contains("fired StateTimeout[content=expired] in closing"),
                    "the state timeout, in the new state");
        }
    }

    @Test
    void sys_trace_showsEventsInTheirStates_andStateChanges(Node node) {
        Scripted.Data data = new Scripted.Data();
        Pid m = start(node, new Scripted("idle").events((d, s, e, f) -> Transition.next("busy").postpone()), data);
        List<String> lines = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, lines::add, T);
        GenServer.cast(m, "work");
        SysStatus status = SysCalls.getStatus(m, T);
        // postponed in idle with a change to busy, retried there, and postponed again (busy is kept: no change), in
        // gen_statem's words ({postpone, Event, State, NextState})
        assertThat(lines).containsExactly(
                "*DBG* " + m + " receive cast work in state idle",
                "*DBG* " + m + " postpone cast work in state idle => busy",
                "*DBG* " + m + " postpone cast work in state busy");
        assertThat(status.extra()).containsEntry("postponed", "[cast work]");
        assertThat(status.behaviour()).isEqualTo("gen_statem");
    }

    @Test
    void unhandledEvent_crashesByDefault(Node node, Reports reports) {
        Pid m = start(node, new Scripted("idle"), new Scripted.Data());
        GenServer.cast(m, "nobody handles this");
        assertThat(reports.await(CrashReport.class).reason()).isInstanceOfSatisfying(ExitReason.Crash.class,
                c -> assertThat(c.cause()).hasMessage("Scripted has no handler for nobody handles this in state idle"));
    }

    @Test
    void unhandledEvent_withLogPolicy_isReported_andASyncCallerIsTold(Node node, Reports reports) {
        Pid m = start(node, new Scripted("idle").logUnhandled(), new Scripted.Data());
        assertThatThrownBy(() -> GenServer.call(m, "status"))
                .isInstanceOf(UnhandledEventException.class)
                .hasMessage(m + " has no handler for status in state idle");
        assertThat(reports.await(UnexpectedMessageReport.class).message()).isEqualTo("status in state idle");
        assertThat(node.isAlive(m)).isTrue();
    }
}
