package io.loomotp.it.gate;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SystemMessage;
import io.loomotp.runtime.proc.ProcLib;
import io.loomotp.runtime.proc.SysDebug;
import io.loomotp.runtime.proc.SystemCallbacks;
import io.loomotp.runtime.sys.DebugOptions;
import java.util.function.Function;

/**
 * A behaviour of one's own, built on the special-process parts ({@link ProcLib}, {@link SysDebug}): the generic part
 * of a gate that lets clients in while its callback module admits them, and keeps the others waiting, in order, in
 * its mailbox. The book's mutex is one callback module (it admits one client); a counting semaphore is another
 * ({@link Semaphore}). This is chapter 10's "your own behaviours": the generic module starts the process, runs the
 * receive loop, answers sys and traces; the callback module ({@link GateCallbacks}) decides.
 *
 * <p>Any process with a gate looks like any other behaviour to an operator: {@code sys} status names the behaviour
 * ({@code gate}) and the callback module, trace lines come out as {@code *DBG* printers enter <0.42>}, and
 * {@code replaceState} replaces the callback module's state.
 *
 * @param <S> the callback module's state
 */
public final class Gate<S> implements SystemCallbacks<S> {

    /** A client asks to enter. */
    public record Enter(Pid client) {}

    /** A client leaves. */
    public record Leave(Pid client) {}

    /** The gate lets a client in. */
    public record Admitted(Pid gate) {}

    private static final Function<Object, String> FORMAT = event -> switch (event) {
        case Enter e -> "enter " + e.client();
        case Leave l -> "leave " + l.client();
        case Exit e -> "client " + e.from() + " exited: " + e.reason();
        default -> String.valueOf(event);
    };

    private final String name;
    private final GateCallbacks<S> callbacks;

    private Gate(String name, GateCallbacks<S> callbacks) {
        this.name = name;
        this.callbacks = callbacks;
    }

    /** Starts a gate registered as {@code name}, linked to the caller, and returns once it is ready. */
    public static <S> Pid startLink(String name, GateCallbacks<S> callbacks, DebugOptions options) {
        return ProcLib.startLink(() -> new Gate<>(name, callbacks).run(options));
    }

    /**
     * Waits until the gate lets the caller in.
     *
     * @throws NoProcessException if no gate has that name, or it ended while the caller waited
     */
    public static void enter(String name) {
        Pid gate = Process.node().whereis(name);
        if (gate == null) {
            throw new NoProcessException(name, "Gate.enter");
        }
        MonitorRef monitor = Process.monitor(gate);
        Process.send(gate, new Enter(Process.self()));
        Object answer = Process.receive(m -> m instanceof Admitted a && a.gate().equals(gate)
                || m instanceof Down d && d.ref().equals(monitor));
        Process.demonitor(monitor, true);
        if (answer instanceof Down) {
            throw new NoProcessException(name, "Gate.enter");
        }
    }

    /** Leaves the gate. Asynchronous. */
    public static void leave(String name) {
        Process.send(Process.node(), name, new Leave(Process.self()));
    }

    private void run(DebugOptions options) throws Exception {
        Process.register(name);
        Process.trapExits(true);
        S state = callbacks.init();                     // a failure here fails the start
        SysDebug debug = SysDebug.options(options);
        ProcLib.initAck();
        Pid parent = ProcLib.parent();
        for (;;) {
            boolean open = callbacks.admits(state);
            Object m = Process.receive(x -> open && x instanceof Enter || x instanceof Leave
                    || x instanceof SystemMessage || x instanceof Exit);
            switch (m) {
                case Enter e -> {
                    debug.handleDebug(FORMAT, e);
                    Process.link(e.client());
                    Process.send(e.client(), new Admitted(Process.self()));
                    state = callbacks.entered(state, e.client());
                }
                case Leave l -> {
                    debug.handleDebug(FORMAT, l);
                    Process.unlink(l.client());
                    state = callbacks.left(state, l.client());
                }
                case SystemMessage sys -> state = debug.handleSystemMessage(sys, this, state);
                case Exit e when e.from().equals(parent) -> {
                    systemTerminate(e.reason(), state);
                    throw Process.exit(e.reason());
                }
                case Exit e -> {
                    debug.handleDebug(FORMAT, e);
                    state = callbacks.left(state, e.from()); // a client died inside: it has left
                }
                default -> throw new IllegalStateException("unexpected " + m);
            }
        }
    }

    // What the gate tells sys: the callback module's state, under the behaviour's name

    @Override
    public void systemTerminate(ExitReason reason, S state) {
        callbacks.terminate(reason, state);
    }

    @Override
    public String formatState(S state) {
        return callbacks.formatState(state);
    }

    @Override
    public Class<?> module() {
        return callbacks.getClass();
    }

    @Override
    public String behaviourName() {
        return "gate";
    }
}
