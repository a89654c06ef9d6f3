package io.loomotp.runtime;

/**
 * A behaviour was started with a name that a live process already holds: OTP's {@code {already_started, Pid}}.
 * No new process was left running; {@link #holder()} is the one that holds the name (null where a via registry
 * refused the name and names no holder, OTP's {@code {already_started, undefined}}).
 */
public final class AlreadyStartedException extends AlreadyRegisteredException {
    private static final long serialVersionUID = 1L;

    public AlreadyStartedException(String name, Pid holder) {
        super("already started: '" + name + "' is " + (holder != null ? holder
                : "taken (the registry refused it and names no holder)"), name, holder);
    }
}
