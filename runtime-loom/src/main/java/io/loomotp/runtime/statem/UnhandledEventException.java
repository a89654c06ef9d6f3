package io.loomotp.runtime.statem;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/**
 * A sync event reached a state machine in a state with no handler for it, and the machine's policy is to log and drop
 * such events ({@code @StateMachine(unhandled = LOG)}). The caller gets this rather than waiting for a timeout.
 */
public final class UnhandledEventException extends OtpException {
    private static final long serialVersionUID = 1L;

    public UnhandledEventException(Pid machine, Object event, String state) {
        super(machine + " has no handler for " + event + " in state " + state);
    }
}
