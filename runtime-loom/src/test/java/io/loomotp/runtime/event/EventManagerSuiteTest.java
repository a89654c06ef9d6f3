package io.loomotp.runtime.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.HandlerCrashReport;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance with OTP's gen_event, after {@code lib/stdlib/test/gen_event_SUITE.erl}: handlers added, deleted and
 * swapped; a crashing handler removed while the manager lives on; supervised handlers both ways; calls; sync notify.
 */
@ExtendWith(NodeExtension.class)
class EventManagerSuiteTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** A handler that records what it sees, as the suite's {@code dummy_h}. */
    static final class Recorder implements EventHandler {
        final String name;
        final List<String> log;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void init() {
            if (name.equals("refuse")) {
                throw new IllegalStateException("refused");
            }
            log.add(name + " init");
        }

        @Override
        public void handleEvent(Object event) {
            switch (event) {
                case String s when s.equals("crash") -> throw new IllegalStateException(name + " crashed");
                case String s when s.equals("remove") -> EventManager.removeThisHandler();
                case String s when s.equals("swap") -> EventManager.swapThisHandler("swapped", id(name + "2"),
                        carried -> {
                            log.add(name + "2 made with " + carried);
                            return new Recorder(name + "2", log);
                        });
                default -> { }
            }
            log.add(name + " event " + event);
        }

        @Override
        public Object handleCall(Object request) {
            if ("crash".equals(request)) {
                throw new IllegalStateException(name + " crashed in a call");
            }
            return name + " answers " + request;
        }

        @Override
        public void handleInfo(Object message) {
            log.add(name + " info " + message);
        }

        @Override
        public Object terminate(Removal reason) {
            log.add(name + " terminate " + reason);
            return name + "'s state";
        }

        @Override
        public String toString() {
            return "Recorder[" + name + "]";
        }
    }

    private static HandlerId id(String name) {
        return HandlerId.of(Recorder.class, name);
    }

    /**
     * gen_event_SUITE's replace_state: the function is applied to each handler ({@code {Mod, Id, State}}); one that
     * crashes for a handler leaves that handler as it was, and the others are replaced.
     */
    @Test
    void replaceState_appliesToEachHandler_andACrashKeepsThatOne(Node node) {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, HandlerId.of(Recorder.class, 1), new Recorder("a", log));
        EventManager.addHandler(m, HandlerId.of(Recorder.class, 2), new Recorder("b", log));
        io.loomotp.runtime.sys.SysCalls.<Object>replaceState(m, h -> {
            HandlerState hs = (HandlerState) h;
            if (hs.id().id().equals(2)) {
                throw new IllegalStateException("not this one");
            }
            return new HandlerState(hs.id(), new Recorder("a2", log));
        }, T);
        EventManager.syncNotify(m, "e");
        assertThat(log).contains("a2 event e", "b event e").doesNotContain("a event e");
        Object seen = io.loomotp.runtime.sys.SysCalls.<Object, Object>inspectState(m, hs -> ((List<?>) hs).stream()
                .map(x -> ((HandlerState) x).handler().toString()).toList(), T);
        assertThat(seen).isEqualTo(List.of("Recorder[b]", "Recorder[a2]")); // most recent first
        io.loomotp.runtime.server.GenServer.stop(m);
    }

    @Test
    void add_handler_and_which_handlers_mostRecentFirst(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.addHandler(m, id("b"), new Recorder("b", log));
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("b"), id("a"));
        EventManager.syncNotify(m, "hello");
        assertThat(log).containsExactly("a init", "b init", "b event hello", "a event hello");
        assertThatThrownBy(() -> EventManager.addHandler(m, id("a"), new Recorder("a", log)))
                .isInstanceOf(HandlerFailedException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> EventManager.addHandler(m, id("refuse"), new Recorder("refuse", log)))
                .isInstanceOf(HandlerFailedException.class).hasRootCauseMessage("refused")
                .hasMessageContaining("the init of handler {Recorder, refuse} failed: ").hasMessageEndingWith("refused");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("b"), id("a"));
        // two of one class without ids, as the book's freq_overload adds two loggers: both run; a delete by the class
        // removes the newer, as OTP's search of its handler list finds it first
        EventManager.addHandler(m, HandlerId.of(Recorder.class), new Recorder("first", log));
        EventManager.addHandler(m, HandlerId.of(Recorder.class), new Recorder("second", log));
        log.clear();
        EventManager.syncNotify(m, "twice");
        assertThat(log).containsExactly("second event twice", "first event twice", "b event twice", "a event twice");
        EventManager.deleteHandler(m, HandlerId.of(Recorder.class), "bye");
        log.clear();
        EventManager.syncNotify(m, "once");
        assertThat(log).containsExactly("first event once", "b event once", "a event once");
        EventManager.deleteHandler(m, HandlerId.of(Recorder.class), "bye");
        // a handler of an anonymous class is named by its class's binary name, not an empty simple name
        EventHandler anonymous = new EventHandler() {
            @Override
            public void handleEvent(Object event) {}
        };
        assertThat(HandlerId.of(anonymous.getClass())).hasToString(anonymous.getClass().getName()
                .substring(anonymous.getClass().getPackageName().length() + 1));
    }

    @Test
    void start_monitor_theOwnerIsToldWhenTheManagerStops(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Probe owner = Probe.spawn(node);
        Process.Spawned s = owner.exec(EventManager::startMonitor);
        EventManager.addHandler(s.pid(), id("a"), new Recorder("a", log));
        EventManager.stop(s.pid());
        Down down = (Down) owner.next();
        assertThat(down.ref()).isEqualTo(s.ref());
        assertThat(down.reason().isNormal()).isTrue();
        assertThat(log).contains("a init");
        assertThatThrownBy(() -> EventManager.startMonitor()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void delete_handler(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        assertThat(EventManager.deleteHandler(m, id("a"), "bye")).isEqualTo("a's state");
        assertThat(log).contains("a terminate Deleted[args=bye]");
        assertThat(EventManager.whichHandlers(m)).isEmpty();
        assertThatThrownBy(() -> EventManager.deleteHandler(m, id("a"), null))
                .isInstanceOf(HandlerNotFoundException.class).hasMessageContaining("{Recorder, a}");
    }

    /** gen_event_SUITE's swap_event: a handler returning {swap_handler, ...} from handle_event is swapped. */
    @Test
    void swapThisHandler_fromAnEvent_swapsItOnceItReturns(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.syncNotify(m, "swap");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("a2"));
        assertThat(log).containsSubsequence("a event swap", "a terminate Swapped[args=swapped]",
                "a2 made with a's state", "a2 init");
        EventManager.syncNotify(m, "after");
        assertThat(log).contains("a2 event after");
        assertThatThrownBy(() -> EventManager.swapThisHandler(null, id("x"), c -> new Recorder("x", log)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("use swapHandler");
        EventManager.stop(m);
    }

    /** gen_event:do_terminate catches terminate: delete_handler answers {'EXIT', Reason}, and nothing is reported. */
    @Test
    void delete_handler_whoseTerminateThrows_answersTheCrash_unreported(Node node,
            io.loomotp.runtime.testing.NodeExtension.Reports reports) {
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, new EventHandler() {
            @Override
            public void handleEvent(Object event) {}

            @Override
            public Object terminate(Removal reason) {
                throw new IllegalStateException("terminate failed");
            }
        });
        Object answer = EventManager.deleteHandler(m, EventManager.whichHandlers(m).getFirst(), null);
        assertThat(answer).isInstanceOfSatisfying(ExitReason.Crash.class,
                c -> assertThat(c.cause()).hasMessage("terminate failed"));
        assertThat(EventManager.whichHandlers(m)).isEmpty();
        assertThat(reports.all()).isEmpty();
        EventManager.stop(m, ExitReason.SHUTDOWN, T); // gen_event:stop/3
        assertThat(node.isAlive(m)).isFalse();
    }

    /**
     * gen_event's report_terminate reports nothing for a handler ended with shutdown (a stop) or swapped, whatever its
     * terminate did; a throw at stop was written as a HandlerCrashReport. A swap's factory gets the throw as what the
     * old handler returned (OTP's init({Args2, {'EXIT', R}})).
     */
    @Test
    void stop_andSwap_ofHandlersWhoseTerminateThrows_reportNothing(Node node, Reports reports) {
        Pid m = EventManager.start(node);
        EventHandler throwing = new EventHandler() {
            @Override
            public void handleEvent(Object event) {}

            @Override
            public Object terminate(Removal reason) {
                throw new IllegalStateException("terminate failed on " + reason);
            }
        };
        HandlerId old = HandlerId.of(throwing.getClass(), "old");
        EventManager.addHandler(m, old, throwing);
        java.util.concurrent.CompletableFuture<Object> carried = new java.util.concurrent.CompletableFuture<>();
        EventManager.swapHandler(m, old, "args", HandlerId.of(throwing.getClass(), "new"), c -> {
            carried.complete(c);
            return throwing;
        });
        assertThat(carried.join()).isInstanceOfSatisfying(ExitReason.Crash.class,
                c -> assertThat(c.cause()).hasMessageStartingWith("terminate failed on Swapped"));
        EventManager.stop(m);
        assertThat(node.isAlive(m)).isFalse();
        assertThat(reports.all()).isEmpty();
    }

    /**
     * An id names its handler's class (OTP's {Module, Id}, where the module is the handler): one naming another class
     * was taken, and the handler's calls then failed with "Quiet takes no calls" under the wrong name. One handler
     * object added twice handled each event twice in one state.
     */
    @Test
    void add_handler_misuses_anIdOfAnotherClass_theSameObjectTwice_aFactoryOfTheWrongClass(Node node) {
        Pid m = EventManager.start(node);
        Recorder r = new Recorder("r", new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> EventManager.addHandler(m, HandlerId.of(String.class), r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handler id String names class java.lang.String, but the handler is a "
                        + Recorder.class.getName() + ": use HandlerId.of(Recorder.class)");
        assertThat(EventManager.whichHandlers(m)).isEmpty();
        EventManager.addHandler(m, id("one"), r);
        assertThatThrownBy(() -> EventManager.addHandler(m, id("two"), r))
                .isInstanceOf(HandlerFailedException.class)
                .hasMessageContaining("this handler object is installed already, as {Recorder, one}");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("one"));
        assertThatThrownBy(() -> EventManager.swapHandler(m, id("one"), id("next"), carried -> new EventHandler() {
            @Override
            public void handleEvent(Object event) {}
        })).isInstanceOf(HandlerFailedException.class).hasMessageContaining("which the id does not name");
        assertThat(EventManager.whichHandlers(m)).isEmpty(); // the old one is removed all the same, as in OTP
    }

    @Test
    void swap_handler_passesTheOldStateToTheNew(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        List<Object> carried = new CopyOnWriteArrayList<>();
        EventManager.swapHandler(m, id("a"), id("b"), old -> {
            carried.add(old);
            return new Recorder("b", log);
        });
        assertThat(carried).containsExactly("a's state");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("b"));
        assertThat(log).containsExactly("a init", "a terminate Swapped[args=null]", "b init");
    }

    /**
     * {@code gen_event_SUITE:swap_handler}: {@code swap_handler(M, {dummy_h, swap}, {dummy1_h, swap})} calls
     * {@code dummy_h:terminate(swap, State)}, whose result the new handler's {@code init} gets; from a handler that is
     * not installed, the new handler gets {@code error} and refuses ({@code {error, non_existing}}).
     */
    @Test
    void swap_handler(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        java.util.function.Function<Object, EventHandler> dummy1 = carried -> {
            if (carried == EventManager.NOT_INSTALLED) {
                throw new IllegalStateException("non_existing"); // dummy1_h's init({_, error})
            }
            log.add("b got " + carried);
            return new Recorder("b", log);
        };
        assertThatThrownBy(() -> EventManager.swapHandler(m, id("faulty"), "swap", id("b"), dummy1))
                .isInstanceOf(HandlerFailedException.class).hasRootCauseMessage("non_existing");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("a"));

        EventManager.swapHandler(m, id("a"), "swap", id("b"), dummy1);
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("b"));
        assertThat(log).containsExactly("a init", "a terminate Swapped[args=swap]", "b got a's state", "b init");
        EventManager.deleteHandler(m, id("b"), null);
        assertThat(EventManager.whichHandlers(m)).isEmpty();
    }

    @Test
    void notify_aCrashingHandlerIsRemovedAndReported_theManagerAndOthersLiveOn(Node node, Reports reports) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.addHandler(m, id("b"), new Recorder("b", log));
        EventManager.notify(m, "crash");
        Await.until(() -> EventManager.whichHandlers(m).isEmpty(), "both handlers removed");
        // both crash on it: each is removed on its own, and the manager is still there
        assertThat(node.isAlive(m)).isTrue();
        List<HandlerCrashReport> crashes = reports.of(HandlerCrashReport.class);
        assertThat(crashes).extracting(HandlerCrashReport::handler).containsExactly("{Recorder, b}",
                "{Recorder, a}");
        assertThat(crashes.getFirst().format()).startsWith("** gen_event handler {Recorder, b} crashed.\n")
                .contains("** Last event was: crash", "** When handler state == Recorder[b]", "b crashed");
        assertThat(log).contains("a terminate Crashed[error=java.lang.IllegalStateException: a crashed]");
    }

    @Test
    void remove_handler_aHandlerRemovesItself(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.syncNotify(m, "remove");
        assertThat(EventManager.whichHandlers(m)).isEmpty();
        assertThat(log).containsExactly("a init", "a event remove", "a terminate RemovedItself[]");
        assertThatThrownBy(EventManager::removeThisHandler).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void call_oneHandler_andACrashInACallRemovesIt(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.addHandler(m, id("b"), new Recorder("b", log));
        assertThat(EventManager.call(m, id("a"), "ping")).isEqualTo("a answers ping");
        assertThatThrownBy(() -> EventManager.call(m, id("a"), "crash")).isInstanceOf(HandlerFailedException.class)
                .hasMessageContaining("was removed");
        assertThat(EventManager.whichHandlers(m)).containsExactly(id("b"));
        assertThatThrownBy(() -> EventManager.call(m, id("a"), "ping")).isInstanceOf(HandlerNotFoundException.class);
    }

    @Test
    void sync_notify_returnsAfterEveryHandlerHasHandledTheEvent(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        for (String n : List.of("a", "b", "c")) {
            EventManager.addHandler(m, id(n), new Recorder(n, log));
        }
        EventManager.syncNotify(m, 42);
        assertThat(log).endsWith("c event 42", "b event 42", "a event 42");
    }

    @Test
    void info_goesToEveryHandler(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        Process.send(m, "stray");
        EventManager.whichHandlers(m);
        assertThat(log).contains("a info stray");
    }

    @Test
    void add_sup_handler_theSupervisorDies_theHandlerIsRemoved(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawn(node);
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a", log)));
        Process.exit(owner.pid(), ExitReason.custom("gone"));
        Await.until(() -> EventManager.whichHandlers(m).isEmpty(), "the handler to go with its supervisor");
        assertThat(log).contains("a terminate SupervisorDied[reason=gone]");
        assertThat(node.isAlive(m)).isTrue(); // the manager traps exits
    }

    @Test
    void add_sup_handler_theHandlerIsRemoved_theSupervisorIsTold(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawn(node);
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a", log)));
        owner.run(() -> EventManager.addSupervisedHandler(m, id("b"), new Recorder("b", log)));
        owner.run(() -> EventManager.addSupervisedHandler(m, id("c"), new Recorder("c", log)));
        EventManager.deleteHandler(m, id("a"), null);
        assertThat(owner.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("a"), ExitReason.NORMAL));
        EventManager.call(m, id("b"), "ping");
        assertThatThrownBy(() -> EventManager.call(m, id("b"), "crash")).isInstanceOf(HandlerFailedException.class);
        HandlerExit crashed = owner.next(HandlerExit.class);
        assertThat(crashed.handler()).isEqualTo(id("b"));
        assertThat(crashed.reason()).isInstanceOf(ExitReason.Crash.class);
        EventManager.stop(m);
        assertThat(owner.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("c"), ExitReason.SHUTDOWN));
    }

    /** gen_event_SUITE's swap_sup_handler: a plain swap hands the old handler's supervisor on to the new one. */
    @Test
    void swap_handler_ofASupervisedHandler_keepsItsSupervisor(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawn(node);
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a", log)));
        EventManager.swapHandler(m, id("a"), id("b"), carried -> new Recorder("b", log));
        assertThat(owner.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("a"),
                ExitReason.custom(new HandlerExit.Swapped(id("b"), owner.pid()))));
        EventManager.deleteHandler(m, id("b"), null);
        assertThat(owner.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("b"), ExitReason.NORMAL));
    }

    @Test
    void add_sup_handler_theManagerDies_theSupervisorGetsTheExitSignal(Node node) {
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawnTrapping(node);
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a",
                new CopyOnWriteArrayList<>())));
        Process.exit(m, ExitReason.KILL);
        assertThat(owner.next(Exit.class)).isEqualTo(new Exit(m, ExitReason.KILLED));
    }

    /**
     * gen_event's terminate_server: the handlers' supervisors are told ({@code shutdown}) and then unlinked, so one
     * that does not trap exits outlives the manager ("we do not want a handler supervisor to EXIT due to the
     * termination of the event manager"), whatever the manager's reason.
     */
    @Test
    void add_sup_handler_theManagerStops_theSupervisorIsToldAndOutlivesIt(Node node) {
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawn(node); // not trapping exits
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a",
                new CopyOnWriteArrayList<>())));
        EventManager.stop(m, ExitReason.custom("bye"), T);
        assertThat(owner.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("a"), ExitReason.SHUTDOWN));
        assertThat(owner.exec(() -> Process.node().info(Process.self()).links())).doesNotContain(m);
        assertThat(node.isAlive(owner.pid())).isTrue();
    }

    /** The same, but the supervisor is the manager's linked parent: that link stays, and the parent sees the exit. */
    @Test
    void add_sup_handler_theParentSupervises_keepsItsLinkAndSeesTheExit(Node node) {
        Probe parent = Probe.spawnTrapping(node);
        Pid m = parent.exec(() -> {
            Pid started = EventManager.startLink();
            EventManager.addSupervisedHandler(started, id("a"), new Recorder("a", new CopyOnWriteArrayList<>()));
            return started;
        });
        EventManager.stop(m, ExitReason.custom("bye"), T);
        assertThat(parent.next(HandlerExit.class)).isEqualTo(new HandlerExit(m, id("a"), ExitReason.SHUTDOWN));
        assertThat(parent.next(Exit.class)).isEqualTo(new Exit(m, ExitReason.custom("bye")));
    }

    /**
     * gen_event's handle_exit: the dead supervisor's handlers are removed first, then every handler left gets the
     * {@code 'EXIT'} in handle_info.
     */
    @Test
    void add_sup_handler_theSupervisorDies_theOtherHandlersSeeTheExit(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        Probe owner = Probe.spawn(node);
        owner.run(() -> EventManager.addSupervisedHandler(m, id("a"), new Recorder("a", log)));
        EventManager.addHandler(m, id("b"), new Recorder("b", log));
        Process.exit(owner.pid(), ExitReason.custom("gone"));
        Await.until(() -> EventManager.whichHandlers(m).equals(List.of(id("b"))), "a to go with its supervisor");
        EventManager.whichHandlers(m); // a round trip after the 'EXIT' was handled
        assertThat(log).containsSubsequence("a terminate SupervisorDied[reason=gone]",
                "b info " + new Exit(owner.pid(), ExitReason.custom("gone")));
        assertThat(log).noneMatch(line -> line.startsWith("a info"));
    }

    @Test
    void addSupervisedHandler_fromAThreadThatIsNoProcess_isAClearError(Node node) {
        Pid m = EventManager.start(node);
        assertThatThrownBy(() -> EventManager.addSupervisedHandler(m, new Recorder("a", List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("addSupervisedHandler");
    }

    @Test
    void stop_terminatesEveryHandler(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", log));
        EventManager.stop(m);
        assertThat(log).contains("a terminate Stopped[]");
    }

    /** gen_event_SUITE's send_request cases (OTP 23): the answer comes later, as a handler's call answers. */
    @Test
    void sendRequest_receiveWaitAndCheckResponse(Node node) {
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", new CopyOnWriteArrayList<>()));
        Probe caller = Probe.spawn(node);
        caller.exec(() -> {
            io.loomotp.runtime.RequestId r = EventManager.sendRequest(m, id("a"), "q1");
            assertThat(EventManager.receiveResponse(r, Duration.ofSeconds(5))).isEqualTo("a answers q1");
            io.loomotp.runtime.RequestId w = EventManager.sendRequest(m, id("a"), "q2");
            assertThat(EventManager.waitResponse(w, Duration.ofSeconds(5))).isEqualTo("a answers q2");
            // a missing handler: what call throws
            io.loomotp.runtime.RequestId missing = EventManager.sendRequest(m, id("nosuch"), "q");
            assertThatThrownBy(() -> EventManager.receiveResponse(missing, Duration.ofSeconds(5)))
                    .isInstanceOf(HandlerNotFoundException.class);
            // check_response on each message received: the answer, or null for anything else
            io.loomotp.runtime.RequestId c = EventManager.sendRequest(m, id("a"), "q3");
            Process.send(Process.self(), "unrelated");
            List<Object> got = new java.util.ArrayList<>();
            while (got.size() < 2) {
                got.add(Process.receive(Duration.ofSeconds(5)));
            }
            io.loomotp.runtime.Response answer = null;
            for (Object message : got) {
                io.loomotp.runtime.Response resp = EventManager.checkResponse(message, c);
                if (resp != null) {
                    answer = resp;
                } else {
                    assertThat(message).isEqualTo("unrelated");
                }
            }
            assertThat(answer).isNotNull();
            assertThat(answer.get()).isEqualTo("a answers q3");
            io.loomotp.runtime.RequestId crash = EventManager.sendRequest(m, id("a"), "crash");
            Object message = Process.receive(Duration.ofSeconds(5));
            assertThatThrownBy(() -> EventManager.checkResponse(message, crash).get())
                    .isInstanceOf(HandlerFailedException.class);
            return null;
        });
        // not a manager: refused at once, naming what it runs
        Pid plain = node.spawn(() -> Process.receive("stop"::equals));
        assertThatThrownBy(() -> caller.exec(() -> EventManager.sendRequest(plain, id("a"), "q")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EventManager.call");
        node.send(plain, "stop");
    }

    /** A handler without handleInfo: gen_event's no_handle_info warning, once per message type; the handler stays. */
    @Test
    void info_toAHandlerWithoutHandleInfo_isReportedOncePerType_andDropped(Node node, Reports reports) {
        List<String> seen = new CopyOnWriteArrayList<>();
        Pid m = EventManager.start(node, StartOptions.defaults().withName("mgr_no_info"));
        EventHandler silent = event -> seen.add(String.valueOf(event)); // handleEvent only
        HandlerId silentId = HandlerId.of(silent.getClass(), "silent");
        EventManager.addHandler(m, silentId, silent);
        EventManager.addHandler(m, id("a"), new Recorder("a", seen));
        node.send(m, "first string");
        node.send(m, "second string");
        node.send(m, 1.5);
        EventManager.syncNotify(m, "after");
        List<io.loomotp.runtime.report.UnexpectedMessageReport> r =
                reports.of(io.loomotp.runtime.report.UnexpectedMessageReport.class);
        assertThat(r).extracting(io.loomotp.runtime.report.UnexpectedMessageReport::message)
                .containsExactly("first string", "1.5");
        assertThat(r.getFirst().name()).isEqualTo("mgr_no_info(" + silentId + ")");
        assertThat(r.getFirst().format()).contains("which has no handleInfo");
        // the handler with handleInfo got them all; the silent one is still installed and got the event
        assertThat(seen).containsSubsequence("a info first string", "a info second string", "a info 1.5");
        assertThat(seen).contains("after");
        assertThat(EventManager.whichHandlers(m)).hasSize(2);
    }

    @Test
    void sys_showsTheHandlers(Node node) {
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, id("a"), new Recorder("a", new CopyOnWriteArrayList<>()));
        assertThat(SysCalls.getStatus(m, T).behaviour()).isEqualTo("gen_event");
        // each installed handler with its state, as gen_event's status lists its "Installed handlers"
        assertThat(SysCalls.getStatus(m, T).state()).isEqualTo("EventManager[handlers={{Recorder, a}=Recorder[a]}]");
        List<String> trace = new CopyOnWriteArrayList<>();
        SysCalls.trace(m, true, trace::add, T);
        EventManager.notify(m, "traced");
        EventManager.call(m, id("a"), "which");
        SysCalls.trace(m, false, null, T);
        // gen_event:print_event/3's wording, and no "new state" lines
        assertThat(trace).anyMatch(l -> l.endsWith(" got event traced"));
        assertThat(trace).anyMatch(l -> l.contains("({Recorder, a}) got call which"));
        assertThat(trace).noneMatch(l -> l.contains("new state"));
    }

    /** A handler without a toString of its own: sys and reports show its fields, not Counts@54226ae0. */
    static final class Counts implements EventHandler {
        private final java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        private int events;

        @Override
        public void handleEvent(Object event) {
            events++;
            counts.merge(String.valueOf(event), 1, Integer::sum);
        }
    }

    @Test
    void aHandlerWithoutToString_isShownByItsFields(Node node) {
        Pid m = EventManager.start(node);
        EventManager.addHandler(m, new Counts());
        EventManager.syncNotify(m, "a");
        assertThat(SysCalls.getState(m, T)).isEqualTo(java.util.Map.of(HandlerId.of(Counts.class),
                "Counts[counts={a=1}, events=1]"));
    }

    /** gen_event's functions take a registered name, as the book's freq_overload calls them. */
    @Test
    void byRegisteredName_addNotifyCallWhichAndDelete(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        EventManager.start(node, io.loomotp.runtime.server.StartOptions.defaults().withName("freq_overload"));
        EventManager.addHandler(node, "freq_overload", id("a"), new Recorder("a", log));
        EventManager.syncNotify(node, "freq_overload", "hi");
        assertThat(EventManager.whichHandlers(node, "freq_overload")).containsExactly(id("a"));
        assertThat(EventManager.call(node, "freq_overload", id("a"), "q")).isEqualTo("a answers q");
        EventManager.deleteHandler(node, "freq_overload", id("a"), "bye");
        assertThat(EventManager.whichHandlers(node, "freq_overload")).isEmpty();
        assertThat(log).contains("a event hi");
        assertThatThrownBy(() -> EventManager.addHandler(node, "nobody", new Recorder("b", log)))
                .isInstanceOf(io.loomotp.runtime.NoProcessException.class)
                .hasMessage("event manager: no process nobody");
        // the supervised forms, the swap and the stop by name too
        Probe owner = Probe.spawnTrapping(node);
        owner.run(() -> EventManager.addSupervisedHandler(node, "freq_overload", id("s"), new Recorder("s", log)));
        EventManager.swapHandler(node, "freq_overload", id("s"), "swap", id("t"), carried -> new Recorder("t", log));
        assertThat(EventManager.whichHandlers(node, "freq_overload")).containsExactly(id("t"));
        EventManager.stop(node, "freq_overload");
        assertThat(node.whereis("freq_overload")).isNull();
        assertThat(log).contains("s terminate Swapped[args=swap]");
    }

    @Test
    void alarms_setClearAndGet_asSaslsAlarmHandler(Node node, io.loomotp.runtime.testing.NodeExtension.Reports reports) {
        // set_alarm's send to an alarm_handler not running fails (badarg): no alarm is lost without a word
        assertThatThrownBy(() -> Alarms.set(node, "early", "nobody to hear it"))
                .isInstanceOf(io.loomotp.runtime.NoProcessException.class).hasMessageContaining("Alarms.start");
        assertThat(Alarms.setIfRunning(node, "early", "nobody")).isFalse();
        Alarms.start(node);
        Alarms.set(node, "no_frequency", "all 6 in use");
        Alarms.set(node, "overload", 12);
        assertThat(Alarms.get(node)).containsExactly(new Alarm("overload", 12),
                new Alarm("no_frequency", "all 6 in use"));
        Alarms.clear(node, "no_frequency");
        assertThat(Alarms.get(node)).containsExactly(new Alarm("overload", 12));
        // a query it does not know: SASL's {error, bad_query}, and the handler keeps its alarms (a new user's finding)
        assertThat(EventManager.call(node.whereis(Alarms.NAME), HandlerId.of(AlarmHandler.class), "get_alarms"))
                .isEqualTo(new AlarmHandler.BadQuery("get_alarms"));
        assertThat(Alarms.get(node)).containsExactly(new Alarm("overload", 12));
        // SASL's handler writes an info report of each set and clear
        assertThat(reports.of(io.loomotp.runtime.report.AlarmReport.class)).extracting(r -> r.format())
                .containsExactly("=INFO REPORT====\n    alarm_handler: {set,{no_frequency,all 6 in use}}",
                        "=INFO REPORT====\n    alarm_handler: {set,{overload,12}}",
                        "=INFO REPORT====\n    alarm_handler: {clear,no_frequency}");
        // another handler on the alarm manager sees the same events
        List<String> log = new CopyOnWriteArrayList<>();
        EventManager.addHandler(node.whereis(Alarms.NAME), id("watch"), new Recorder("watch", log));
        Alarms.set(node, "x", "y");
        Alarms.get(node);
        assertThat(log).contains("watch event Set[alarm=Alarm[id=x, description=y]]");
        // swapped for one's own handler, it hands the alarms over (SASL's {alarm_handler, Alarms})
        List<Object> carried = new CopyOnWriteArrayList<>();
        EventManager.swapHandler(node.whereis(Alarms.NAME), HandlerId.of(AlarmHandler.class), "swap",
                id("mine"), alarms -> {
                    carried.add(alarms);
                    return new Recorder("mine", log);
                });
        assertThat(carried).containsExactly(List.of(new Alarm("x", "y"), new Alarm("overload", 12)));
    }
}
