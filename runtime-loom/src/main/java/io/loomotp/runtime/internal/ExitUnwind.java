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

    public ExitUnwind(ExitReason reason, boolean alreadyDead) {
        super("exit: " + reason, null, false, false);
        this.reason = reason;
        this.alreadyDead = alreadyDead;
    }
}
