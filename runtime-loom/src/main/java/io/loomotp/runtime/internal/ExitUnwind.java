package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;

/**
 * Unwinds a process's thread out of user code: thrown by {@code Process.exit(reason)}, and by any blocking runtime
 * operation of a process that has been killed. It is an {@link Error} so that {@code catch (Exception e)} in user code
 * does not swallow it; it has no stack trace, because it is control flow, not a fault.
 */
public final class ExitUnwind extends Error {
    private static final long serialVersionUID = 1L;

    /** The reason the process exits with. */
    public final transient ExitReason reason;
    /** True when the process was already dead (killed) and this only unwinds its zombie thread. */
    public final boolean alreadyDead;

    /**
     * For a start that init refused with {@code InitResult.error}: the reason its starter is given, while the process
     * exits with {@link #reason} ({@code normal}); null otherwise.
     */
    public final transient ExitReason startError;

    public ExitUnwind(ExitReason reason, boolean alreadyDead) {
        this(reason, alreadyDead, null);
    }

    public ExitUnwind(ExitReason reason, boolean alreadyDead, ExitReason startError) {
        super("exit: " + reason, null, false, false);
        this.reason = reason;
        this.alreadyDead = alreadyDead;
        this.startError = startError;
    }

    /** The reason a starter waiting on this process's init is given. */
    public ExitReason startReason() {
        return startError != null ? startError : reason;
    }
}
