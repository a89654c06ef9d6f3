package io.loomotp.runtime.supervisor;

import io.loomotp.AutoShutdown;
import io.loomotp.Restart;
import io.loomotp.Strategy;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.report.Offender;
import io.loomotp.runtime.report.ProgressReport;
import io.loomotp.runtime.report.Report;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.runtime.server.Handler;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.server.ServerCallbacks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The supervisor: a callback of the one server loop, as {@code supervisor.erl} is a {@code gen_server} callback. The
 * loop gives it the mailbox, the sys protocol, dormancy and its own crash report; this class adds what
 * {@code supervisor.erl} adds: children started in order, exit signals trapped and turned into restarts by strategy,
 * restart intensity, ordered (or, for {@code SIMPLE_ONE_FOR_ONE}, concurrent) shutdown, and the dynamic API.
 *
 * <p>Owner only: every method runs on the supervisor's own process.
 *
 * <p>Why one unit (about 750 lines; stops 44 and 45 added about 30: a restarting child found by the pid it died with,
 * an {@code AssertionError} failing one start only, a period too long for a {@code long}): the child table
 * ({@link State}: the static children in order, the dynamic ones by pid, those being restarted, and the recent
 * restarts) is read and changed by init, by every exit signal, by every
 * restart strategy, by automatic shutdown and by each request of the dynamic API, and the rules that keep it right
 * (a temporary child forgotten when it ends, a restarting child retried after the queued messages, a restart counted
 * before it is tried) cross all of them. What does not change the table already lives apart: stopping children
 * ({@link ChildShutdown}), the queries ({@link ChildQueries}), and starts with extra information ({@link Started}).
 * The next split, not done yet: the dynamic API ({@code startChild}, {@code terminateChild}, {@code restartChild},
 * {@code deleteChild}) into a class of its own that takes the {@link State}; it shares with restarts only
 * {@code startWithInfo} and {@code forget}.
 */
final class SupervisorBehaviour implements ServerCallbacks<SupervisorBehaviour.State> {

    /** One child: its spec, its process while it runs, and its start arguments if it is a dynamic child. */
    static final class Child {
        final ChildSpec spec;
        final List<Object> args;
        Pid pid;
        boolean restarting;
        /**
         * The pid it had when it last ended: how a restarting dynamic child is still found by that pid, as OTP keeps
         * {@code {restarting, OldPid}} ({@code supervisor.erl}'s {@code find_child/2}).
         */
        Pid ended;

        Child(ChildSpec spec, List<Object> args) {
            this.spec = spec;
            this.args = args;
        }

        boolean isDynamic() {
            return args != null;
        }
    }

    /** A supervisor's state: its flags, its children and its recent restarts. */
    static final class State {
        final SupervisorModule module;
        final LongSupplier clock;
        SupervisorFlags flags;
        /** Static children, in start order. */
        final List<Child> children = new ArrayList<>();
        /** For {@code SIMPLE_ONE_FOR_ONE}: the template, and the running children by pid. */
        ChildSpec template;
        final Map<Pid, Child> dynamic = new LinkedHashMap<>();
        /** Dynamic children whose restart failed, waiting to be tried again. */
        final List<Child> dynamicRestarting = new ArrayList<>();
        /** Monotonic times of the restarts within the period, oldest first. */
        final ArrayDeque<Long> restarts = new ArrayDeque<>();

        State(SupervisorModule module, LongSupplier clock) {
            this.module = module;
            this.clock = clock;
        }

        boolean isSimple() {
            return flags.strategy() == Strategy.SIMPLE_ONE_FOR_ONE;
        }
    }

    // --- the requests of the dynamic API, and its answers ----------------------------------------------------------
    // Each request prints as supervisor.erl names it ({@link #words}): a NoProcessException's or a timeout's message
    // says "call which_children", not the record.

    record StartChild(ChildSpec spec) {
        @Override public String toString() { return words(this); }
    }

    record StartDynamic(List<Object> args) {
        @Override public String toString() { return words(this); }
    }

    record TerminateChild(Object idOrPid) {
        @Override public String toString() { return words(this); }
    }

    record RestartChild(String id) {
        @Override public String toString() { return words(this); }
    }

    record DeleteChild(String id) {
        @Override public String toString() { return words(this); }
    }

    record GetChildSpec(Object idOrPid) {
        @Override public String toString() { return words(this); }
    }

    record WhichChildren() {
        @Override public String toString() { return words(this); }
    }

    record CountChildren() {
        @Override public String toString() { return words(this); }
    }

    /** The answer to a refused request, thrown in the caller as a {@link SupervisorException}. */
    record Refused(SupervisorException.Error error, String child, Pid pid) {}

    /** The answer to a start of a child whose spec this supervisor cannot take; thrown as IllegalArgumentException. */
    record Invalid(String message) {}

    /** The answer to a start that failed, thrown in the caller as a {@link StartFailedException}. */
    record StartError(String child, ExitReason reason) {}

    /** The answer to a start that returned ignore: no process. A start that ran answers its {@link Started}. */
    static final Object IGNORED = new Object();

    /** What a supervisor sends itself to retry a restart that failed, as OTP's {@code try_again_restart}. */
    record TryAgain(Child child) {}

    private final Class<?> module;

    SupervisorBehaviour(Class<?> module) {
        this.module = module;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Init: trap exits, start the children in order

    @Override
    public InitResult init(State s) throws Exception {
        SupervisorSpec spec = s.module.init();
        if (spec == null) {
            throw new NullPointerException(module.getName() + ".init() returned null; return SupervisorSpec.IGNORE "
                    + "not to start");
        }
        if (spec == SupervisorSpec.IGNORE) {
            return InitResult.ignore();
        }
        Process.trapExits(true);
        s.flags = spec.flags();
        if (s.isSimple()) {
            s.template = spec.children().get(0);
            return InitResult.ok();
        }
        for (ChildSpec c : spec.children()) {
            Child child = new Child(c, null);
            try {
                child.pid = start(s, child);
            } catch (StartFailure f) {
                // OTP: the children already started are stopped, in reverse order, and the start fails
                ChildShutdown.all(s);
                return InitResult.stop(ExitReason.shutdown(new FailedToStartChild(c.id(), f.reason)));
            }
            if (child.pid != null || c.restart() != Restart.TEMPORARY) {
                s.children.add(child); // an ignored temporary child is forgotten, as OTP does
            }
        }
        return InitResult.ok();
    }

    /** A child's start failed; it has been reported as a {@code start_error}. */
    private static final class StartFailure extends Exception {
        final ExitReason reason;

        StartFailure(ExitReason reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    /** Starts one child (see {@link #startWithInfo}); returns its pid, or null if it chose not to start. */
    private Pid start(State s, Child child) throws StartFailure {
        Started started = startWithInfo(s, child, true);
        return started == null ? null : started.pid();
    }

    /**
     * Starts one child and reports it; returns its pid and the extra information its start gave (OTP's
     * {@code {ok, Pid, Info}}), or null if it chose not to start. The start links the child
     * (a client's {@code startLink} does); the supervisor does not link it again, as {@code supervisor.erl}'s
     * {@code do_start_child} does not: a child that unlinks itself (OTP's {@code child_unlink} case) stays unlinked,
     * so its exit is not seen and it is not restarted, and {@link #shutdown} still stops it, through a monitor.
     */
    private Started startWithInfo(State s, Child child, boolean reportFailure) throws StartFailure {
        ChildSpec spec = child.spec;
        Started started;
        try {
            started = spec.start().startWithInfo(child.args == null ? List.of() : child.args);
        } catch (StartFailedException e) {
            throw failed(s, child, e.reason(), reportFailure);
        } catch (io.loomotp.runtime.AlreadyStartedException e) {
            // a client's start throws where gen_server:start_link answers {error, {already_started, Pid}}: the
            // supervisor's reason is that term, as OTP's (not a crash)
            throw failed(s, child, ExitReason.custom(new AlreadyStarted(e.holder())), reportFailure);
        } catch (Exception | LinkageError | AssertionError e) {
            // OTP's do_start_child_i catches whatever the start function raises and answers {error, What}; an
            // AssertionError (an assert in a start function) is such a raise. A kill's unwind is not caught here.
            throw failed(s, child, ExitReason.crash(e), reportFailure);
        }
        if (started == null) {
            return null;
        }
        report(new ProgressReport(Process.self(), name(), offender(child, started.pid()), null));
        return started;
    }

    /**
     * A child that did not start. Reported as OTP's {@code start_error} only where OTP reports it: a start of the
     * supervisor's children and a restart; a {@code start_child} or {@code restart_child} asked for by a caller is not
     * reported, the caller being told ({@code supervisor.erl}'s {@code handle_start_child}, whose
     * {@code do_start_child(.., debug_report)} returns the error without a report).
     */
    private StartFailure failed(State s, Child child, ExitReason reason, boolean report) {
        if (report) {
            report(new SupervisorReport(Process.self(), name(), "start_error", reason, offender(child, null)));
        }
        return new StartFailure(reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Exit signals and restarts

    @Override
    public boolean handleInfo(State s, Object message) throws Exception {
        switch (message) {
            case Exit(Pid from, ExitReason reason) -> childExited(s, from, reason);
            case TryAgain(Child child) -> {
                if (child.restarting && stillHas(s, child)) {
                    restart(s, child, null);
                }
            }
            default -> {
                return false; // reported once as unexpected, as OTP's supervisor does
            }
        }
        return true;
    }

    private static boolean stillHas(State s, Child child) {
        return child.isDynamic() ? s.dynamicRestarting.contains(child) : s.children.contains(child);
    }

    private void childExited(State s, Pid pid, ExitReason reason) {
        Child child = s.isSimple() ? s.dynamic.remove(pid) : byPid(s, pid);
        if (child == null) {
            return; // not a child (any more): OTP ignores it
        }
        child.pid = null;
        child.ended = pid;
        switch (child.spec.restart()) {
            case PERMANENT -> {
                report(new SupervisorReport(Process.self(), name(), "child_terminated", reason,
                        offender(child, pid)));
                restart(s, child, pid);
            }
            case TRANSIENT -> {
                if (reason.isNormal()) {
                    forgetIfDynamic(s, child);
                    autoShutdown(s, child);
                } else {
                    report(new SupervisorReport(Process.self(), name(), "child_terminated", reason,
                            offender(child, pid)));
                    restart(s, child, pid);
                }
            }
            case TEMPORARY -> {
                if (!reason.isNormal()) {
                    report(new SupervisorReport(Process.self(), name(), "child_terminated", reason,
                            offender(child, pid)));
                }
                forget(s, child);
                autoShutdown(s, child);
            }
        }
    }

    /**
     * OTP's {@code do_auto_shutdown}: a significant child has ended by itself and is not restarted; with
     * {@code ANY_SIGNIFICANT}, or with {@code ALL_SIGNIFICANT} once no significant child runs, the supervisor shuts
     * down: it stops its other children ({@link #terminate}) and exits with {@code shutdown}. No report, as in OTP.
     */
    private static void autoShutdown(State s, Child child) {
        AutoShutdown mode = s.flags.autoShutdown();
        if (mode == AutoShutdown.NEVER || !child.spec.significant()) {
            return;
        }
        if (mode == AutoShutdown.ALL_SIGNIFICANT && significantLeft(s)) {
            return;
        }
        Handler.stop(ExitReason.SHUTDOWN);
    }

    /**
     * Whether a significant child still runs, or is being restarted. Under {@code SIMPLE_ONE_FOR_ONE}, never: OTP's
     * {@code do_auto_shutdown} looks at the static children only, there the template, which never runs (its code
     * deems auto shutdown meaningless for such supervisors), so the first significant end shuts it down; as here.
     */
    private static boolean significantLeft(State s) {
        if (s.isSimple()) {
            return false;
        }
        for (Child c : s.children) {
            if (c.spec.significant() && (c.pid != null || c.restarting)) {
                return true;
            }
        }
        return false;
    }

    private static void forgetIfDynamic(State s, Child child) {
        if (child.isDynamic()) {
            forget(s, child);
        }
    }

    private static void forget(State s, Child child) {
        if (child.isDynamic()) {
            s.dynamicRestarting.remove(child);
        } else {
            s.children.remove(child);
        }
    }

    /**
     * Counts a restart and restarts by strategy; past the intensity, gives up: every child is stopped (by
     * {@link #terminate}) and the supervisor exits with {@code shutdown}, which its own supervisor sees. The report
     * is OTP's ({@code supervisor:restart/2}'s {@code report_error(shutdown, reached_max_restart_intensity, Child,
     * Name)}): error context {@code shutdown}, reason {@code reached_max_restart_intensity}, and the child that ended
     * last as the offender, with its pid ({@code died}, or null for a restart that failed to start it).
     */
    private void restart(State s, Child child, Pid died) {
        if (tooManyRestarts(s)) {
            report(new SupervisorReport(Process.self(), name(), "shutdown",
                    SupervisorReport.REACHED_MAX_RESTART_INTENSITY, offender(child, died)));
            child.restarting = false;
            Handler.stop(ExitReason.SHUTDOWN);
            return;
        }
        switch (s.flags.strategy()) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> restartOne(s, child);
            case ONE_FOR_ALL -> restartFrom(s, 0, child);
            case REST_FOR_ONE -> restartFrom(s, s.children.indexOf(child), child);
        }
    }

    /** OTP's {@code add_restart}: true if, with this one, more than intensity restarts fall within the period. */
    static boolean tooManyRestarts(State s) {
        long now = s.clock.getAsLong();
        long period = periodNanos(s.flags.period());
        while (!s.restarts.isEmpty() && now - s.restarts.peekFirst() > period) { // differences: no overflow
            s.restarts.pollFirst();
        }
        s.restarts.addLast(now);
        return s.restarts.size() > s.flags.intensity();
    }

    /** The period in nanoseconds, a longer one than a long holds (about 292 years) as "never forgotten". */
    private static long periodNanos(java.time.Duration period) {
        return period.compareTo(java.time.Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : period.toNanos();
    }

    private void restartOne(State s, Child child) {
        Pid pid;
        try {
            pid = start(s, child);
        } catch (StartFailure f) {
            tryAgain(s, child);
            return;
        }
        settle(s, child, pid);
    }

    /** A child (re)started: it runs, or, having chosen not to start, a dynamic or temporary one is forgotten. */
    private static void settle(State s, Child child, Pid pid) {
        child.restarting = false;
        child.pid = pid;
        if (child.isDynamic()) {
            s.dynamicRestarting.remove(child);
            if (pid != null) {
                s.dynamic.put(pid, child);
            }
        } else if (pid == null && child.spec.restart() == Restart.TEMPORARY) {
            s.children.remove(child);
        }
    }

    /** The restart failed: the child is {@code restarting}, and the supervisor tries again after what is queued. */
    private static void tryAgain(State s, Child child) {
        child.restarting = true;
        child.pid = null;
        if (child.isDynamic() && !s.dynamicRestarting.contains(child)) {
            s.dynamicRestarting.add(child);
        }
        Process.send(Process.self(), new TryAgain(child));
    }

    /**
     * {@code ONE_FOR_ALL} (from 0) and {@code REST_FOR_ONE} (from the child): stops the children from {@code from} on
     * in reverse order (temporary ones are then forgotten), and starts them again in order. A start that fails makes
     * that child {@code restarting}, and the rest wait for the retry.
     */
    private void restartFrom(State s, int from, Child failed) {
        List<Child> affected = new ArrayList<>(s.children.subList(from, s.children.size()));
        for (int i = affected.size() - 1; i >= 0; i--) {
            Child c = affected.get(i);
            if (c != failed && c.pid != null) {
                ChildShutdown.one(c);
            }
            c.restarting = false;
            if (c != failed && c.spec.restart() == Restart.TEMPORARY) {
                s.children.remove(c);
            }
        }
        for (Child c : affected) {
            if (!s.children.contains(c)) {
                continue;
            }
            Pid pid;
            try {
                pid = start(s, c);
            } catch (StartFailure f) {
                tryAgain(s, c);
                return;
            }
            settle(s, c, pid);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shutdown

    @Override
    public void terminate(State s, ExitReason reason) {
        if (s.flags != null) {
            ChildShutdown.all(s);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The dynamic API

    @Override
    public Object handleCall(State s, Object request, From from) {
        return switch (request) {
            case StartChild(ChildSpec spec) -> startChild(s, spec);
            case StartDynamic(List<Object> args) -> startDynamic(s, args);
            case TerminateChild(Object idOrPid) -> terminateChild(s, idOrPid);
            case RestartChild(String id) -> restartChild(s, id);
            case DeleteChild(String id) -> deleteChild(s, id);
            case GetChildSpec(Object idOrPid) -> {
                // OTP's get_childspec(Sup, Id | Pid): a simple_one_for_one child by its pid has the template's spec
                Child c = idOrPid instanceof Pid pid ? (s.isSimple() ? s.dynamic.get(pid) : byPid(s, pid))
                        : s.isSimple() ? null : byId(s, (String) idOrPid);
                if (c != null) {
                    yield c.spec;
                }
                if (s.isSimple() && idOrPid instanceof String) {
                    yield s.template;
                }
                yield new Refused(SupervisorException.Error.NOT_FOUND, String.valueOf(idOrPid), null);
            }
            case WhichChildren w -> ChildQueries.whichChildren(s);
            case CountChildren c -> ChildQueries.countChildren(s);
            default -> throw new IllegalArgumentException("a supervisor has no call " + request);
        };
    }

    private Object startChild(State s, ChildSpec spec) {
        if (s.isSimple()) {
            return new Refused(SupervisorException.Error.SIMPLE_ONE_FOR_ONE, spec.id(), null);
        }
        String bad = spec.badCombination(s.flags.autoShutdown());
        if (bad != null) {
            return new Invalid(bad);
        }
        Child existing = byId(s, spec.id());
        if (existing != null) {
            return existing.pid != null
                    ? new Refused(SupervisorException.Error.ALREADY_STARTED, spec.id(), existing.pid)
                    : new Refused(SupervisorException.Error.ALREADY_PRESENT, spec.id(), null);
        }
        Child child = new Child(spec, null);
        Started started;
        try {
            started = startWithInfo(s, child, false);
        } catch (StartFailure f) {
            return new StartError(spec.id(), f.reason);
        }
        child.pid = started == null ? null : started.pid();
        if (child.pid != null || spec.restart() != Restart.TEMPORARY) {
            s.children.add(child);
        }
        return started == null ? IGNORED : started;
    }

    private Object startDynamic(State s, List<Object> args) {
        if (!s.isSimple()) {
            return new Refused(SupervisorException.Error.INVALID_CHILD_SPEC, String.valueOf(args), null);
        }
        Child child = new Child(s.template, java.util.Collections.unmodifiableList(new ArrayList<>(args)));
        Started started;
        try {
            started = startWithInfo(s, child, false);
        } catch (StartFailure f) {
            return new StartError(s.template.id(), f.reason);
        }
        if (started == null) {
            return IGNORED;
        }
        child.pid = started.pid();
        s.dynamic.put(child.pid, child);
        return started;
    }

    private Object terminateChild(State s, Object idOrPid) {
        Child child;
        if (idOrPid instanceof Pid pid) {
            child = s.isSimple() ? s.dynamic.remove(pid) : byPid(s, pid);
        } else if (s.isSimple()) {
            return new Refused(SupervisorException.Error.SIMPLE_ONE_FOR_ONE, String.valueOf(idOrPid), null);
        } else {
            child = byId(s, (String) idOrPid);
        }
        if (child == null && s.isSimple() && idOrPid instanceof Pid pid) {
            // a dynamic child being restarted is still known by the pid it died with (supervisor_SUITE's
            // hanging_restart_loop_simple): stopping it ends its restarts
            for (Child c : s.dynamicRestarting) {
                if (pid.equals(c.ended)) {
                    c.restarting = false;
                    forget(s, c);
                    return Boolean.TRUE;
                }
            }
        }
        if (child == null && s.isSimple() && idOrPid instanceof ProcessImpl p && !p.isAlive()) {
            // OTP's find_child for a simple_one_for_one: a pid that is no longer alive is done, not unknown
            // (supervisor_SUITE's child_adm_simple: "terminate non-existing process is ok")
            return Boolean.TRUE;
        }
        if (child == null) {
            return new Refused(SupervisorException.Error.NOT_FOUND, String.valueOf(idOrPid), null);
        }
        ChildShutdown.one(child);
        child.restarting = false;
        if (child.isDynamic() || child.spec.restart() == Restart.TEMPORARY) {
            forget(s, child);
        }
        return Boolean.TRUE;
    }

    /** The child a restart or a delete is for: one that is not running; else OTP's refusal. */
    private static Object stoppedChild(State s, String id) {
        if (s.isSimple()) {
            return new Refused(SupervisorException.Error.SIMPLE_ONE_FOR_ONE, id, null);
        }
        Child child = byId(s, id);
        if (child == null) {
            return new Refused(SupervisorException.Error.NOT_FOUND, id, null);
        }
        if (child.pid != null) {
            return new Refused(SupervisorException.Error.RUNNING, id, child.pid);
        }
        if (child.restarting) {
            return new Refused(SupervisorException.Error.RESTARTING, id, null);
        }
        return child;
    }

    private Object restartChild(State s, String id) {
        Object found = stoppedChild(s, id);
        if (!(found instanceof Child child)) {
            return found;
        }
        Started started;
        try {
            started = startWithInfo(s, child, false);
        } catch (StartFailure f) {
            return new StartError(id, f.reason);
        }
        child.pid = started == null ? null : started.pid();
        return started == null ? IGNORED : started;
    }

    private Object deleteChild(State s, String id) {
        Object found = stoppedChild(s, id);
        if (found instanceof Child child) {
            s.children.remove(child);
            return Boolean.TRUE;
        }
        return found;
    }

    private static Child byId(State s, String id) {
        for (Child c : s.children) {
            if (c.spec.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private static Child byPid(State s, Pid pid) {
        for (Child c : s.children) {
            if (pid.equals(c.pid)) {
                return c;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reports and the sys hooks

    static String name() {
        return ProcessImpl.current().registeredName();
    }

    static void report(Report r) {
        ProcessImpl self = ProcessImpl.current();
        if (r instanceof SupervisorReport s && s.supervisorName() == null && self.behaviour() != null) {
            r = s.withModule(self.behaviour().module().getName()); // OTP names an anonymous one {Pid, Module}
        }
        self.node().reports().report(r);
    }

    static Offender offender(Child child, Pid pid) {
        ChildSpec spec = child.spec;
        return new Offender(spec.id(), pid, spec.restart().name().toLowerCase(Locale.ROOT), spec.shutdown().toString(),
                spec.type().name().toLowerCase(Locale.ROOT), 0, child.isDynamic() ? child.args : List.of(),
                spec.significant());
    }

    @Override
    public String behaviourName() {
        return "supervisor";
    }

    @Override
    public IllegalStateException refuseContinue() {
        return new IllegalStateException("Handler.continueWith is gen_server's {continue, C}; a supervisor has no "
                + "handleContinue");
    }

    @Override
    public Class<?> module() {
        return module;
    }

    /** A request in supervisor.erl's words, for trace and log lines: {@code which_children}, not a record. */
    @Override
    public String formatMessage(Object message) {
        return words(message);
    }

    /** A request in supervisor.erl's words. */
    static String words(Object message) {
        return switch (message) {
            case WhichChildren w -> "which_children";
            case CountChildren c -> "count_children";
            case StartChild(ChildSpec spec) -> "{start_child, " + spec.id() + "}";
            case StartDynamic(List<Object> args) -> "{start_child, " + args + "}";
            case TerminateChild(Object idOrPid) -> "{terminate_child, " + idOrPid + "}";
            case RestartChild(String id) -> "{restart_child, " + id + "}";
            case DeleteChild(String id) -> "{delete_child, " + id + "}";
            case GetChildSpec(Object idOrPid) -> "{get_childspec, " + idOrPid + "}";
            default -> String.valueOf(message);
        };
    }

    @Override
    public String formatState(State s) {
        if (s.flags == null) {
            return "Supervisor[starting]";
        }
        StringBuilder b = new StringBuilder("Supervisor[strategy=")
                .append(s.flags.strategy().name().toLowerCase(Locale.ROOT))
                .append(", intensity=").append(s.flags.intensity())
                .append(", period=").append(s.flags.period().toMillis()).append("ms, children=");
        if (s.isSimple()) {
            b.append(s.dynamic.size()).append(" of ").append(s.template.id());
        } else {
            b.append('[');
            for (int i = 0; i < s.children.size(); i++) {
                Child c = s.children.get(i);
                b.append(i == 0 ? "" : ", ").append(c.spec.id()).append('=')
                        .append(c.pid != null ? c.pid : c.restarting ? "restarting" : "undefined");
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    @Override
    public Object snapshot(State s) {
        return new SupervisorState(s.flags, ChildQueries.whichChildren(s));
    }

    @Override
    public boolean acceptsState(Object candidate) {
        return false; // a supervisor's children are processes: replaceState cannot make them
    }

    /** A replace function sees the snapshot, never the live table: it cannot change the children in place. */
    @Override
    public Object exposeState(State s) {
        return snapshot(s);
    }

    @Override
    public String replaceRefusal() {
        return "a supervisor's state cannot be replaced (the function was not run): its children are processes; "
                + "change them with startChild, terminateChild, restartChild or deleteChild";
    }

    @Override
    public State adoptState(State current, Object candidate) {
        throw new ClassCastException(replaceRefusal()); // not reached: replaceRefusal is asked first
    }

    @Override
    public Map<String, String> statusExtra(State s) {
        Map<String, String> extra = new LinkedHashMap<>();
        // the restarts still within the period now: the deque is pruned only when a restart is added (add_restart)
        long threshold = s.flags == null ? Long.MIN_VALUE : s.clock.getAsLong() - s.flags.period().toNanos();
        extra.put("restarts_in_period", String.valueOf(s.restarts.stream().filter(t -> t >= threshold).count()));
        return extra;
    }
}
