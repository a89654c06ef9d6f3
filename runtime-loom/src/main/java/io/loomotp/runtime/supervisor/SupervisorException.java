package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;

/**
 * A supervisor refused a request of its dynamic API, with OTP's error: {@link Error#ALREADY_STARTED},
 * {@link Error#ALREADY_PRESENT}, {@link Error#RUNNING}, {@link Error#RESTARTING}, {@link Error#NOT_FOUND},
 * {@link Error#SIMPLE_ONE_FOR_ONE} for a request a dynamic supervisor does not take, or
 * {@link Error#INVALID_CHILD_SPEC} for arguments given to a supervisor that is not dynamic.
 */
public final class SupervisorException extends OtpException {
    /** OTP's error results of the supervisor API. */
    public enum Error {
        /** {@code startChild}: a child with this id is running ({@link #pid()} is it). */
        ALREADY_STARTED,
        /** {@code startChild}: a child with this id exists, not running: restart or delete it. */
        ALREADY_PRESENT,
        /** {@code restartChild}, {@code deleteChild}: the child is running. */
        RUNNING,
        /** {@code restartChild}, {@code deleteChild}: the supervisor is retrying the child's failed restart. */
        RESTARTING,
        /** No child with this id (or pid). */
        NOT_FOUND,
        /** The request is not for a {@code SIMPLE_ONE_FOR_ONE} supervisor. */
        SIMPLE_ONE_FOR_ONE,
        /**
         * {@code startChild} with arguments to a supervisor that is not {@code SIMPLE_ONE_FOR_ONE}: it needs a
         * {@code ChildSpec} (OTP answers {@code {error, {invalid_child_spec, Args}}}).
         */
        INVALID_CHILD_SPEC
    }

    private final Error error;
    private final transient Pid pid;

    public SupervisorException(Error error, String child, Pid pid) {
        super(error.name().toLowerCase(java.util.Locale.ROOT) + (error == Error.INVALID_CHILD_SPEC
                ? ": start arguments " + child : ": child '" + child + "'" + (pid != null ? " is " + pid : ""))
                + hint(error));
        this.error = error;
        this.pid = pid;
    }

    private static String hint(Error error) {
        return switch (error) {
            case ALREADY_STARTED -> "; it is running already";
            case ALREADY_PRESENT -> "; its spec is kept: restartChild or deleteChild it";
            case RUNNING -> "; terminateChild it first";
            case RESTARTING -> "; the supervisor is retrying its restart";
            case NOT_FOUND -> "; whichChildren lists the children";
            case SIMPLE_ONE_FOR_ONE -> "; a SIMPLE_ONE_FOR_ONE supervisor's children are started with arguments and "
                    + "terminated by pid";
            case INVALID_CHILD_SPEC -> "; arguments start a child only under a SIMPLE_ONE_FOR_ONE supervisor: give this "
                    + "one a ChildSpec";
        };
    }

    public Error error() {
        return error;
    }

    /** The running child, for {@link Error#ALREADY_STARTED}; else null. */
    public Pid pid() {
        return pid;
    }
}
