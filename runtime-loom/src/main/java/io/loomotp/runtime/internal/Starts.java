package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.StartFailedException;
import java.util.function.Function;

/**
 * The synchronous start of a behaviour (OTP's {@code proc_lib:start}): the starter waits on a one-shot slot that the
 * new process answers once its init has run. The slot is the process's current call while init runs, so the
 * process's death fails it with the death's reason.
 */
public final class Starts {
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
        return new CallEnvelope(Envelope.SYSTEM, "start", starter, started);
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
        return outcome == ServerLoop.IGNORED ? null : p;
    }
}
