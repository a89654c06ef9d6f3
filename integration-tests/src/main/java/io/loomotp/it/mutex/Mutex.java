package io.loomotp.it.mutex;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SystemMessage;
import io.loomotp.runtime.proc.ProcLib;
import io.loomotp.runtime.proc.SysDebug;
import io.loomotp.runtime.proc.SystemCallbacks;
import io.loomotp.runtime.sys.DebugOptions;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The book's mutex (<i>Designing for Scalability with Erlang/OTP</i>, chapter 10), written as a special process: a
 * plain receive loop, not a behaviour, that is still a good OTP citizen. It starts synchronously
 * ({@link ProcLib#startLink}), can be a supervisor's worker, answers every sys request from its own loop
 * ({@link SysDebug#handleSystemMessage}), and writes its own trace lines ({@link SysDebug#handleDebug}).
 *
 * <p>It is a state machine with two states, free and busy, whose queue is its mailbox: in state free it takes the
 * first {@link Wait}; in state busy only the holder's {@link Signal}, so that other clients' waits stay in the mailbox,
 * in order, until it is free again. Selective receive is why the book writes it by hand rather than as a gen_fsm.
 *
 * <p>Where it departs from the book: a client's wait is bounded and monitors the mutex ({@link #waitFor(String,
 * Duration)}); and the holder's death frees the mutex (the book links to the holder but never receives its
 * {@code EXIT} in state busy, so a holder that dies keeps the mutex busy forever).
 */
public final class Mutex implements SystemCallbacks<Mutex.State> {

    /** A client asks for the mutex: {@code {wait, Pid}}. */
    public record Wait(Pid client) {}

    /** The holder releases the mutex: {@code {signal, Pid}}. */
    public record Signal(Pid client) {}

    /** The mutex grants itself to a waiting client: {@code {Mutex, ok}}. */
    public record Granted(Pid mutex) {}

    /** Stops the mutex, when free: {@code stop}. */
    public enum Stop { STOP }

    /**
     * The mutex's loop data (OTP's {@code Misc}): its registered name and the client that holds it, or null when
     * free.
     */
    public record State(String name, Pid holder) {
        boolean free() {
            return holder == null;
        }

        @Override
        public String toString() {
            return free() ? "{free," + name + "}" : "{busy," + name + "," + holder + "}";
        }
    }

    /** The book's format fun: {@code io:format(Dev, "mutex ~w: ~w~n", [Name, Event])}, without the name. */
    static final Function<Object, String> FORMAT = event -> switch (event) {
        case Wait w -> "{wait," + w.client() + "}";
        case Signal s -> "{signal," + s.client() + "}";
        case ExitReason r -> "{terminate," + r + "}";
        default -> String.valueOf(event);
    };

    private final String name;
    private SysDebug debug;

    private Mutex(String name) {
        this.name = name;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Client functions

    /** Starts a mutex registered as {@code name}, linked to the caller: {@code mutex:start_link/1}. */
    public static Pid startLink(String name) {
        return startLink(name, DebugOptions.none());
    }

    /**
     * Starts a mutex with debug options, as {@code mutex:start_link(Name, [trace])} does. Returns once the mutex is
     * registered and ready.
     */
    public static Pid startLink(String name, DebugOptions options) {
        return ProcLib.startLink(() -> new Mutex(name).init(options));
    }

    /**
     * Waits, as long as it takes, until the caller holds the mutex: {@code mutex:wait/1}.
     *
     * @throws NoProcessException if no mutex is registered as {@code name}, or it ended while the caller waited
     */
    public static void waitFor(String name) {
        waitFor(name, null);
    }

    /**
     * Waits up to {@code timeout} (null: forever) until the caller holds the mutex.
     *
     * @return true if the caller holds the mutex; false if the time ran out (its request is then withdrawn only by
     *     the mutex's next grant, which the caller must {@link #signal} back)
     * @throws NoProcessException if no mutex is registered as {@code name}, or it ended while the caller waited
     */
    public static boolean waitFor(String name, Duration timeout) {
        Pid mutex = Process.node().whereis(name);
        if (mutex == null) {
            throw new NoProcessException(name, "Mutex.waitFor");
        }
        var monitor = Process.monitor(mutex);
        Process.send(mutex, new Wait(Process.self()));
        Object answer = Process.receive(m -> m instanceof Granted g && g.mutex().equals(mutex)
                || m instanceof io.loomotp.runtime.Down d && d.ref().equals(monitor), timeout);
        Process.demonitor(monitor, true);
        if (answer instanceof io.loomotp.runtime.Down) {
            throw new NoProcessException(name, "Mutex.waitFor");
        }
        return answer != null;
    }

    /** Releases the mutex the caller holds: {@code mutex:signal/1}. Asynchronous. */
    public static void signal(String name) {
        Process.send(Process.node(), name, new Signal(Process.self()));
    }

    /** Stops the mutex once it is free: {@code mutex:stop/1}. Asynchronous. */
    public static void stop(String name) {
        Process.send(Process.node(), name, Stop.STOP);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The process

    private void init(DebugOptions options) {
        Process.register(name);
        Process.trapExits(true);
        debug = SysDebug.options(options);          // Debug = sys:debug_options(DbgOpts)
        ProcLib.initAck();                          // proc_lib:init_ack({ok, self()})
        debug.handleDebug(FORMAT, "init");
        loop(new State(name, null), ProcLib.parent());
    }

    private void loop(State start, Pid parent) {
        State state = start;
        for (;;) {
            Pid holder = state.holder();
            Predicate<Object> accepts = state.free()
                    ? m -> m instanceof Wait || m == Stop.STOP || m instanceof SystemMessage || m instanceof Exit
                    : m -> m instanceof Signal s && s.client().equals(holder) || m instanceof SystemMessage
                            || m instanceof Exit e && (e.from().equals(parent) || e.from().equals(holder));
            Object m = Process.receive(accepts);
            switch (m) {
                case Wait w -> {
                    debug.handleDebug(FORMAT, w);
                    Process.link(w.client());
                    Process.send(w.client(), new Granted(Process.self()));
                    state = new State(name, w.client());
                }
                case Signal s -> {
                    debug.handleDebug(FORMAT, s);
                    Process.unlink(s.client());
                    state = new State(name, null);
                }
                case SystemMessage sys -> state = debug.handleSystemMessage(sys, this, state);
                case Stop stop -> throw terminate(ExitReason.custom("stopped"));
                case Exit e when e.from().equals(parent) -> {
                    if (!state.free()) {
                        Process.exit(state.holder(), e.reason());
                    }
                    throw terminate(e.reason());
                }
                case Exit e when e.from().equals(holder) -> state = new State(name, null); // the holder died
                case Exit e -> { } // a former holder's exit, after it signalled: nothing to free
                default -> throw new IllegalStateException("unexpected " + m);
            }
        }
    }

    /**
     * Ends the mutex: unregisters it, so that new clients fail at once, and exits every client still waiting with
     * the same reason, so that none is left hanging: the book's {@code terminate/3}. Never returns.
     */
    private RuntimeException terminate(ExitReason reason) {
        cleanUp(reason);
        throw Process.exit(reason);
    }

    private void cleanUp(ExitReason reason) {
        debug.handleDebug(FORMAT, reason); // before unregistering: trace lines name the process by its name
        Process.node().unregister(name);
        for (Object m; (m = Process.receive(x -> x instanceof Wait, Duration.ZERO)) != null; ) {
            Process.exit(((Wait) m).client(), reason);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the mutex tells sys (system_continue is handleSystemMessage's return)

    /** {@code system_terminate/4}: frees the holder, then the book's clean-up; the runtime then exits. */
    @Override
    public void systemTerminate(ExitReason reason, State state) {
        if (!state.free()) {
            Process.exit(state.holder(), reason);
        }
        cleanUp(reason);
    }

    @Override
    public String formatState(State state) {
        return state.toString();
    }
}
