package io.loomotp.runtime;

/**
 * A behaviour was started with a name that a live process already holds: OTP's {@code {already_started, Pid}}.
 * No new process was left running; {@link #holder()} is the one that holds the name.
 */
public final class AlreadyStartedException extends AlreadyRegisteredException {
    private static final long serialVersionUID = 1L;

    public AlreadyStartedException(String name, Pid holder) {
        super("already started: '" + name + "' is " + holder, name, holder);
    }
}
