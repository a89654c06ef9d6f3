package io.loomotp.runtime;

/**
 * The process addressed does not exist: a call to a dead pid, or a send to a name nobody has registered.
 * Erlang's {@code noproc}.
 */
public final class NoProcessException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient Object target;

    public NoProcessException(Object target, String what) {
        super(what + ": no process " + target);
        this.target = target;
    }

    /** The pid or name that was addressed. */
    public Object target() {
        return target;
    }
}
