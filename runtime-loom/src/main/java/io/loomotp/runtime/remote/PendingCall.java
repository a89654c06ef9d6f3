package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.RemoteSignals;

/**
 * A call from a local process to a remote one, waiting for its outcome: the handle the transport completes. Exactly
 * one of {@link #reply} and {@link #fail} takes effect, and neither once the caller has timed out (the late outcome is
 * dropped, as for a local call).
 */
public final class PendingCall {
    private final Object slot;
    private final Pid caller;
    private final RemotePid callee;
    private final String name;
    private volatile long id;

    /** For the runtime: wraps its reply slot. */
    public PendingCall(Object slot, Pid caller, RemotePid callee) {
        this(slot, caller, callee, null);
    }

    /**
     * For the runtime: a call to the process registered as {@code name} on {@code callee}'s node, which that node
     * looks up as the call arrives ({@code gen_server:call({Name, Node}, ...)}); {@code callee} then only names the
     * node (its serial is 0).
     */
    public PendingCall(Object slot, Pid caller, RemotePid callee, String name) {
        this.slot = slot;
        this.caller = caller;
        this.callee = callee;
        this.name = name;
    }

    public Pid caller() {
        return caller;
    }

    public RemotePid callee() {
        return callee;
    }

    /** What was asked, for an error's message (the request, or the sys function); null if unknown. */
    public Object request() {
        return slot instanceof CallEnvelope c ? c.request() : null;
    }

    /** What failed, for an error's message: {@code call} and the request, as a local call's error says. */
    public String what() {
        Object request = request();
        return request == null ? "call" : "call " + request;
    }

    /** The registered name called on the callee's node, or null for a call to a pid. */
    public String name() {
        return name;
    }

    /** The transport's number for this call. */
    public long id() {
        return id;
    }

    /** Sets the transport's number for this call, before it is sent. */
    public void id(long value) {
        id = value;
    }

    /** Completes the call with the callee's reply; false if it already had an outcome. */
    public boolean reply(Object value) {
        return RemoteSignals.complete(slot, value);
    }

    /**
     * Completes the call with {@code ProcessExitException(noconnection)}: its node was lost, or could not be reached.
     * A call by name names {@code {Name, Node}}, since no pid is known for it; false if it already had an outcome.
     */
    public boolean failNoConnection() {
        return fail(name == null ? new ProcessExitException(callee, ExitReason.NOCONNECTION)
                : new ProcessExitException(new RegisteredName(name, callee.node().name()), ExitReason.NOCONNECTION));
    }

    /** Completes the call with the exception its caller will see; false if it already had an outcome. */
    public boolean fail(RuntimeException exception) {
        return RemoteSignals.fail(slot, exception);
    }
}
