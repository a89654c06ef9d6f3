package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.StartFailedException;
import java.util.function.Function;

/**
 * The synchronous start of a process, both sides: OTP's {@code proc_lib:start_link} for the starter, which waits on a
 * one-shot slot, and {@code proc_lib:init_ack} / {@code init_fail} for the new process, which answers it once its
 * init has run. The slot is the process's current call while init runs, so the process's death fails it with the
 * death's reason. Behaviour loops ({@link ServerStart}) and special processes ({@code io.loomotp.runtime.proc}) both
 * start through here.
 */
public final class Starts {
    /** The answer of a start whose init succeeded. */
    public static final Object STARTED = new Object();
    /** The answer of a start whose init returned {@code ignore}. */
    public static final Object IGNORED = new Object();

    private static Function<Node, NodeRuntime> NODES;

    private Starts() {}

    /** Called once, by {@code Node}'s static initializer, to hand over its accessor without making it public. */
    public static void nodeAccess(Function<Node, NodeRuntime> access) {
        if (NODES != null) {
            throw new IllegalStateException("node access is already set");
        }
        NODES = access;
    }

    /** The machinery behind a public node. */
    public static NodeRuntime runtime(Node node) {
        if (node == null) {
            throw new NullPointerException("node must not be null");
        }
        return NODES.apply(node);
    }

    /** The slot a starter waits on. */
    public static CallEnvelope ack(ProcessImpl starter, ProcessImpl started) {
        CallEnvelope ack = new CallEnvelope(Envelope.SYSTEM, "start", starter, started);
        started.beginStart(ack); // a kill before its thread takes the answer over still fails the start at once
        return ack;
    }

    /**
     * Answers the starter from the new process: {@code proc_lib:init_ack/1}. Owner only.
     *
     * @param started {@link #STARTED} or {@link #IGNORED}
     */
    public static void initAck(ProcessImpl self, CallEnvelope ack, Object started) {
        ack.answer(started);
        self.endCall(ack);
    }

    /** Fails the starter's wait with the reason init failed with: {@code proc_lib:init_fail/2}. Owner only. */
    public static void initFailed(CallEnvelope ack, String what, ExitReason reason) {
        ack.fail(new StartFailedException(what, reason));
    }

    /**
     * Runs a start whose new process the caller monitors ({@code monitor[0]} is set when the process is made), and
     * returns the pid with its monitor. A start that fails or is ignored removes the monitor and flushes its
     * {@code Down}, as OTP's {@code gen:monitor_return/1} does, so the caller's mailbox keeps nothing of it.
     */
    public static io.loomotp.runtime.Process.Spawned monitored(ProcessImpl caller, Function<Object[], Pid> start) {
        Object[] monitor = new Object[1];
        Pid pid;
        try {
            pid = start.apply(monitor);
        } catch (RuntimeException | Error failed) {
            if (monitor[0] != null) {
                Signals.demonitor(caller, (MonitorRef) monitor[0], true);
            }
            throw failed;
        }
        if (pid == null) {
            Signals.demonitor(caller, (MonitorRef) monitor[0], true);
            return null;
        }
        return new io.loomotp.runtime.Process.Spawned(pid, (MonitorRef) monitor[0]);
    }

    /**
     * Waits for the started process to answer.
     *
     * @param linkedStarter the starter if it is linked to the new process, so that a timed-out start unlinks before it
     *     kills; else null
     * @return the pid, or null if init returned ignore
     */
    public static Pid await(CallEnvelope ack, ProcessImpl p, java.time.Duration timeout, String what,
                            ProcessImpl linkedStarter) {
        ProcessImpl starter = ProcessImpl.current();
        Object outcome = ack.await(timeout, starter != null ? starter.callSpin() : null);
        if (outcome == CallEnvelope.ABANDONED) {
            if (linkedStarter != null) {
                Signals.unlink(linkedStarter, p);
            }
            Signals.exit(p, ExitReason.KILLED);
            throw new StartFailedException(what, ExitReason.custom("timeout"));
        }
        if (outcome instanceof CallEnvelope.Failure f) {
            if (f.exception() instanceof StartFailedException sf) {
                throw new StartFailedException(what, sf.reason());
            }
            if (f.exception() instanceof ProcessExitException pe) {
                throw new StartFailedException(what, pe.reason());
            }
            throw f.exception();
        }
        return outcome == IGNORED ? null : p;
    }
}
