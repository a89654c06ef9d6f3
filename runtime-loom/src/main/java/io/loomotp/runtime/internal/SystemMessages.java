package io.loomotp.runtime.internal;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.StateFunctionException;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sys part of one process: {@code sys.erl}'s {@code handle_system_msg/6}, {@code debug_options/1}, statistics and
 * status, for every process that answers system messages, behaviour loop or special process alike.
 *
 * <p>What it owns: the statistics baseline, whether the process is suspended, and the answers to every
 * {@link SysRequest}. What it does not own: the {@link Debug} value, which the caller threads through its own loop as
 * {@code sys.erl} does (so that the caller's hot path tests its own field, one null check when off), and the state,
 * which it reaches only through the process's {@link SystemProcess} callbacks.
 *
 * <p>Suspension follows {@code sys.erl}'s {@code suspend_loop/6}: {@link #handle} does not return while the process is
 * suspended; it takes system messages only (and the parent's exit signal, when the process traps exits, which ends it
 * through {@code system_terminate}), so every other message waits in the mailbox and calls time out.
 *
 * <p>Owner only: every method runs on the process's own thread, between its messages.
 */
public final class SystemMessages {
    private final ProcessImpl self;
    private final ProcessImpl parent;
    private Stats stats;
    private boolean suspended;

    private record Stats(Instant start, long in, long out, long nanos) {}

    /**
     * @param self the process
     * @param parent the process that started it linked, whose exit ends it while suspended; null if none
     */
    public SystemMessages(ProcessImpl self, ProcessImpl parent) {
        this.self = self;
        this.parent = parent;
    }

    /** The parent this process was started with, or null. */
    public ProcessImpl parent() {
        return parent;
    }

    /**
     * Switches on what the start options ask for: {@code sys:debug_options/1}. Returns the debug value to thread
     * through the loop: null when no trace, log, log file or debug function is on.
     *
     * @throws IOException if the log file cannot be opened
     */
    public Debug debugOptions(DebugOptions d) throws IOException {
        if (d.isNone()) {
            return null;
        }
        Debug dbg = new Debug();
        if (d.trace()) {
            dbg.trace(d.traceSink());
        }
        dbg.log(d.logSize());
        try {
            dbg.logToFile(d.logFile());
        } catch (IOException e) {
            // as sys:debug_options/1, which skips a log_to_file it cannot open: the process starts without it
            org.slf4j.LoggerFactory.getLogger(SystemMessages.class).warn("{}: log file {} not opened, so not "
                    + "logged to: {}", self, d.logFile(), e.toString());
        }
        if (d.statistics()) {
            stats = baseline();
        }
        return dbg.active() ? dbg : null;
    }

    /** True if a system message is one this process must take even while suspended. */
    private boolean wakesSuspended(Envelope e) {
        return e.kind == Envelope.SYSTEM
                || parent != null && e.message instanceof Exit exit && exit.from() == parent && self.trapExits();
    }

    /**
     * Answers one system message: {@code sys:handle_system_msg/6}. Returns the debug value to continue with (OTP's
     * {@code system_continue/3}); after a suspend, returns only once the process is resumed. Throws the
     * {@link ExitUnwind} of {@code system_terminate} on {@code sys:terminate}, or on the parent's exit signal while
     * suspended.
     */
    public Debug handle(CallEnvelope call, SystemProcess target, Debug debug) {
        Debug d = answer(call, target, debug);
        while (suspended) {
            Envelope e = self.receive(this::wakesSuspended, Long.MAX_VALUE);
            if (e.kind == Envelope.SYSTEM) {
                d = answer((CallEnvelope) e, target, d);
            } else {
                throw target.systemTerminate(((Exit) e.message).reason()); // sys.erl's suspend_loop does the same
            }
        }
        return d;
    }

    private Debug answer(CallEnvelope call, SystemProcess target, Debug debug) {
        Debug d = debug;
        switch ((SysRequest) call.request()) {
            case SysRequest.GetState g -> {
                try {
                    call.answer(target.systemGetState());
                } catch (RuntimeException e) {
                    call.fail(new StateFunctionException(self, "systemGetState()", e));
                }
            }
            case SysRequest.ReplaceState r -> {
                String refused = target.replaceRefusal();
                if (refused != null) {
                    call.fail(new UnsupportedOperationException(refused)); // the function is not run
                    break;
                }
                try {
                    call.answer(target.systemReplaceState(r.function()));
                } catch (RuntimeException e) {
                    call.fail(new StateFunctionException(self, e));
                }
            }
            case SysRequest.InspectState i -> {
                try {
                    call.answer(target.systemInspectState(i.function()));
                } catch (RuntimeException e) {
                    call.fail(new StateFunctionException(self, e));
                }
            }
            case SysRequest.GetStatus g -> {
                try {
                    call.answer(status(target, d));
                } catch (RuntimeException e) {
                    call.fail(new StateFunctionException(self, e));
                }
            }
            case SysRequest.Suspend s -> {
                suspended = true;
                self.setStatus(ProcessImpl.SUSPENDED);
                call.answer(Boolean.TRUE);
            }
            case SysRequest.Resume r -> {
                suspended = false;
                self.setStatus(ProcessImpl.RUNNING);
                call.answer(Boolean.TRUE);
            }
            case SysRequest.Trace t -> {
                d = orNew(d);
                d.trace(t.on() ? t.sink() : null);
                call.answer(Boolean.TRUE);
            }
            case SysRequest.TraceOff t -> {
                boolean current = d != null && d.traceSink() == t.sink();
                if (current) {
                    d.trace(null);
                }
                call.answer(current);
            }
            case SysRequest.Log l -> {
                d = orNew(d);
                d.log(l.size());
                call.answer(Boolean.TRUE);
            }
            case SysRequest.LogGet g -> call.answer(d == null ? List.of() : d.logged());
            case SysRequest.LogPrint p -> {
                if (d != null) {
                    for (SysEvent e : d.logged()) {
                        p.sink().line(e.line());
                    }
                }
                call.answer(Boolean.TRUE);
            }
            case SysRequest.LogToFile f -> {
                d = orNew(d);
                try {
                    d.logToFile(f.path());
                    call.answer(Boolean.TRUE);
                } catch (IOException e) {
                    call.fail(new UncheckedIOException("log_to_file " + f.path() + ": " + e, e));
                }
            }
            case SysRequest.Statistics s -> {
                // on when already on keeps the counts, as sys's install_debug keeps an entry already there
                stats = s.on() ? (stats != null ? stats : baseline()) : null;
                call.answer(Boolean.TRUE);
            }
            case SysRequest.StatisticsGet g -> call.answer(statistics());
            case SysRequest.Install i -> {
                d = orNew(d);
                d.install(i.id(), i.function());
                call.answer(Boolean.TRUE);
            }
            case SysRequest.Remove r -> call.answer(d != null && d.remove(r.id()));
            case SysRequest.NoDebug n -> {
                if (d != null) {
                    d.clear(); // the tools' functions stay; the return below drops d if nothing is left
                }
                stats = null;
                call.answer(Boolean.TRUE);
            }
            case SysRequest.Terminate t -> {
                self.beginCall(call); // left unanswered: the exit fails it with the final reason, which stop checks
                throw target.systemTerminate(t.reason());
            }
        }
        return d != null && d.active() ? d : null; // nothing on: back to the one null check
    }

    private static Debug orNew(Debug d) {
        return d != null ? d : new Debug();
    }

    private Stats baseline() {
        return new Stats(Instant.now(), self.messagesIn(), self.messagesOut(), self.handlerNanos());
    }

    /** The statistics since they were switched on, or null: {@code sys:statistics(Pid, get)}. */
    private Statistics statistics() {
        Stats s = stats;
        return s == null ? null : new Statistics(s.start(), Instant.now(), self.messagesIn() - s.in(),
                self.messagesOut() - s.out(), Duration.ofNanos(self.handlerNanos() - s.nanos()));
    }

    private SysStatus status(SystemProcess target, Debug d) {
        List<String> options = new ArrayList<>(d == null ? List.of() : d.describe());
        if (stats != null) {
            options.add("statistics");
        }
        Pid shownParent = parent != null ? parent : self;
        return new SysStatus(self, ServerEvents.nameOf(self), target.behaviourName(), target.module().getName(),
                suspended ? "suspended" : "running", shownParent, options, target.formatStatus(),
                target.statusExtra());
    }
}
