package io.loomotp.runtime.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.inline.Inline;
import io.loomotp.runtime.inline.InlineProcess;
import io.loomotp.runtime.remote.RemotePid;
import java.time.Duration;
import java.util.Objects;

/**
 * The call protocol of DESIGN §2, shared by {@code GenServer.call}, the state machine's calls and the sys protocol.
 *
 * <ol>
 *   <li>Make one {@link CallEnvelope}: request, caller and reply slot in one object.
 *   <li>Queue it. A dead callee fails the call with {@link NoProcessException} before anything is queued.
 *   <li>Wait until the reply, the callee's death or the timeout. The callee's death is seen without a monitor
 *       message: whoever kills it fails every call it holds or has queued (see {@link ProcessImpl#failCalls}), and a
 *       caller that queued after the death began checks the exit reason itself.
 * </ol>
 *
 * <p>Outcomes: the reply; {@link CallTimeoutException}; {@link ProcessExitException} if the callee died during the
 * call; {@link MailboxFullException} if a bounded mailbox refused or dropped the request. A reply that arrives after
 * the timeout is discarded, never delivered to the caller's mailbox.
 */
public final class Calls {
    private Calls() {}

    /**
     * Calls a process and waits for the reply.
     *
     * @param kind {@link Envelope#CALL} or {@link Envelope#SYSTEM}
     */
    public static Object call(Pid pid, byte kind, Object request, Duration timeout) {
        if (pid == null) {
            throw new NullPointerException("pid must not be null");
        }
        if (request == null) {
            throw new NullPointerException("request must not be null");
        }
        if (timeout == null) {
            throw new NullPointerException("timeout must not be null: use Timeouts.INFINITY");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        ProcessImpl self = ProcessImpl.current();
        if (self != null) {
            if (self.suppressesEffects()) {
                throw self.unwind();
            }
        }
        if (!(pid instanceof ProcessImpl callee)) {
            if (pid instanceof RemotePid remote) {
                return RemoteSignals.call(remote, kind, request, timeout, self);
            }
            throw ProcessImpl.notLocal(pid);
        }
        if (self != null && callee.node != self.node
                && CrossNode.seenFrom(self.node, callee) instanceof RemotePid remote) {
            return RemoteSignals.call(remote, kind, request, timeout, self); // see CrossNode
        }
        if (self != null) {
            if (self == callee) {
                throw new IllegalStateException("process " + self + " called itself: it would wait forever for "
                        + "its own reply (OTP's calling_self); " + (request instanceof SysRequest.Terminate
                        ? "to stop a server from its own handler, call Handler.stop(reason) there (a state machine "
                        + "returns Transition.stop(reason))" : "handle the request directly instead"));
            }
        }
        NodeRuntime node = callee.node();
        if (node == null || callee == node.system()) {
            throw new IllegalArgumentException("cannot call " + pid + ": it is the system pid of its node");
        }
        if (!callee.isAlive()) {
            throw new NoProcessException(pid, "call " + request);
        }
        CallSampler timing = kind == Envelope.CALL ? node.callSampler() : null; // null unless CallTiming is on
        long started = timing != null && timing.sample() ? System.nanoTime() : Long.MIN_VALUE;
        CallEnvelope call = new CallEnvelope(kind, request, self != null ? self : node.system(), callee);
        long handedOff = -1;
        // a full BLOCK mailbox holds the caller before the call is queued: that wait is part of its timeout
        long offeredAt = callee.bounded() ? System.nanoTime() : 0;
        if (kind == Envelope.CALL) {
            handedOff = callee.deliverCall(call, self, timeout);
        } else {
            callee.deliver(call); // a sys request goes through the workers, as before the hand-off
        }
        if (self != null) {
            self.countOut();
        }
        if (handedOff >= 0) {
            // this thread ran the callee's turn (HandOff): it could not time out meanwhile, nor die
            if (self.isExiting()) {
                call.abandon();
                throw self.unwind();
            }
            if (timeout.compareTo(Timeouts.INFINITY) < 0 && Duration.ofNanos(handedOff).compareTo(timeout) > 0) {
                call.abandon();
                throw new CallTimeoutException(pid, request, timeout);
            }
        }
        if (callee.isExiting()) {
            call.fail(new ProcessExitException(callee, callee.exitReason()));
        }
        Duration left = offeredAt == 0 ? timeout : remaining(timeout, System.nanoTime() - offeredAt);
        Object outcome = call.await(left, self != null ? self.callSpin() : null);
        if (started != Long.MIN_VALUE) {
            timing.record(System.nanoTime() - started,
                    outcome != CallEnvelope.ABANDONED && !(outcome instanceof CallEnvelope.Failure));
        }
        if (outcome == CallEnvelope.ABANDONED) {
            throw new CallTimeoutException(pid, request, Objects.requireNonNullElse(timeout, Timeouts.INFINITY));
        }
        if (outcome instanceof CallEnvelope.Failure f) {
            throw rethrow(f.exception(), request);
        }
        return outcome == CallEnvelope.NULL ? null : outcome;
    }

    /** What is left of a finite timeout after {@code spentNanos}; an infinite (or null) one stays as it is. */
    private static Duration remaining(Duration timeout, long spentNanos) {
        if (timeout == null || timeout.compareTo(Timeouts.INFINITY) >= 0) {
            return timeout;
        }
        Duration left = timeout.minusNanos(spentNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** A fresh copy of a failure made on another thread, so that its stack trace is the caller's. */
    static RuntimeException rethrow(RuntimeException e) {
        return rethrow(e, null);
    }

    /**
     * As {@link #rethrow(RuntimeException)}; a process's exit also names {@code request}, the call it ended during (if
     * not null), as OTP's {@code gen:call} exits {@code {Reason, {gen_server, call, [Pid, Request]}}}. A subclass of
     * {@code ProcessExitException} (the cluster's) is copied as the others are.
     */
    static RuntimeException rethrow(RuntimeException e, Object request) {
        if (e instanceof ProcessExitException pe) {
            return request != null && pe.getClass() == ProcessExitException.class
                    ? new ProcessExitException(pe, request) : new ProcessExitException(pe);
        }
        if (e instanceof MailboxFullException) {
            return new MailboxFullException((MailboxFullException) e);
        }
        return e;
    }

    /**
     * A deadline for a timeout: {@link Long#MAX_VALUE} for {@link Timeouts#INFINITY} or null.
     *
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static long deadline(Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (timeout.compareTo(Timeouts.INFINITY) >= 0 || timeout.getSeconds() > Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        long d = NodeRuntime.callerNanoTime() + timeout.toNanos();
        return d == Long.MAX_VALUE ? d - 1 : d;
    }

    /** Fails a pending call with the exception its caller will see; false if it already had an outcome. */
    public static boolean fail(From from, RuntimeException exception) {
        return ((CallEnvelope) from).fail(exception);
    }

    /** A deadline {@code timeout} after {@code now}, or {@link Long#MAX_VALUE} for none. */
    static long deadlineFrom(long now, Duration timeout) {
        if (timeout.compareTo(Timeouts.INFINITY) >= 0 || timeout.getSeconds() > Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        long d = now + timeout.toNanos();
        return d == Long.MAX_VALUE ? d - 1 : d;
    }

    /** Sends an asynchronous request; dropped silently if the process is dead, as OTP's cast. */
    public static void cast(Pid pid, Object message) {
        send(pid, Envelope.CAST, message);
    }

    /**
     * Sends a message of one kind ({@link Envelope#MESSAGE}, {@link Envelope#CAST}) and counts it as the sender's;
     * dropped silently if the process is dead (the system pid's mailbox is closed, so what is sent to it is dropped
     * too), or if the sender is itself dead: a zombie thread's effects are suppressed.
     */
    public static void send(Pid pid, byte kind, Object message) {
        if (!(pid instanceof ProcessImpl target)) {
            if (sentInline(pid, kind, message)) {
                return;
            }
            if (pid instanceof RemotePid remote) {
                RemoteSignals.send(remote, kind, message);
                return;
            }
            throw ProcessImpl.notLocal(pid);
        }
        if (message == null) {
            throw new NullPointerException("message must not be null");
        }
        ProcessImpl self = ProcessImpl.current();
        if (self == null && sentInline(pid, kind, message)) {
            return;
        }
        if (self != null) {
            if (self.suppressesEffects()) {
                return;
            }
            if (target.node != self.node && CrossNode.seenFrom(self.node, target) instanceof RemotePid remote) {
                RemoteSignals.send(remote, kind, message); // a process object of another node of this JVM
                return;
            }
            self.countOut();
        }
        target.deliver(new Envelope(kind, message));
    }

    /**
     * True if a handler run inline by the test kit (no process: {@link Inline}) sent this; the harness records it
     * instead of delivering it. Looked at only off a process's thread, so a process's send pays nothing for it.
     */
    private static boolean sentInline(Pid pid, byte kind, Object message) {
        InlineProcess inline = ProcessImpl.current() == null ? Inline.current() : null;
        if (inline == null) {
            return false;
        }
        inline.send(pid, Objects.requireNonNull(message, "message must not be null"), kind == Envelope.CAST);
        return true;
    }
}
