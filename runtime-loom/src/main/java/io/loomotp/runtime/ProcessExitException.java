package io.loomotp.runtime;

/**
 * The process being called, stopped or waited on ended before it answered. Carries the reason it ended with. A
 * call to a process that was already dead raises {@link NoProcessException} instead.
 *
 * <p>A call by registered name on another node ({@code {Name, Node}}) whose node is lost before the answer names
 * no pid: nobody on this side learnt which process held the name. Its {@link #pid()} is then null, and
 * {@link #name()} is the name called, as a {@link Down} from a monitor set by name carries it.
 *
 * <p>Not final: the cluster's rpc throws a subclass that also says how the process applying the function ended (by
 * its own exit, or by a signal), so that code catching this one catches that too.
 */
public class ProcessExitException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient Pid pid;
    private final transient RegisteredName name;
    private final transient ExitReason reason;

    public ProcessExitException(Pid pid, ExitReason reason) {
        super("process " + pid + " exited: " + reason, reason instanceof ExitReason.Crash c ? c.cause() : null);
        this.pid = pid;
        this.name = null;
        this.reason = reason;
    }

    /**
     * The process {@code pid} ended, with {@code message} saying what was waiting on it: a process that applied an
     * rpc's function and exited without an answer, which the caller never saw by its pid.
     */
    public ProcessExitException(Pid pid, ExitReason reason, String message) {
        super(message, reason instanceof ExitReason.Crash c ? c.cause() : null);
        this.pid = java.util.Objects.requireNonNull(pid, "pid");
        this.name = null;
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** The process registered as {@code name} ended, or its node was lost, and its pid is not known here. */
    public ProcessExitException(RegisteredName name, ExitReason reason) {
        super("process " + name + " exited: " + reason, reason instanceof ExitReason.Crash c ? c.cause() : null);
        this.pid = null;
        this.name = name;
        this.reason = reason;
    }

    /**
     * The process registered as {@code name} could not be reached, with {@code message} saying why: a call to
     * {@code {Name, Node}} whose node is not connected ({@link ExitReason#NOCONNECTION}, where OTP's {@code gen} exits
     * {@code {nodedown, Node}}).
     */
    public ProcessExitException(RegisteredName name, ExitReason reason, String message) {
        super(message, null);
        this.pid = null;
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** A copy of {@code other}, made on the thread that rethrows it, so that the stack trace is that thread's. */
    public ProcessExitException(ProcessExitException other) {
        super(other.getMessage(), other.getCause());
        this.pid = other.pid;
        this.name = other.name;
        this.reason = other.reason;
    }

    /**
     * A copy of {@code other}, made on the thread that rethrows it, whose message names the call the process ended
     * during, as OTP's {@code gen:call} exits {@code {Reason, {gen_server, call, [Pid, Request]}}}: a process that
     * took {@code sys:get_state} as any message and ended says which call it failed.
     */
    public ProcessExitException(ProcessExitException other, Object request) {
        super(other.getMessage() + ", during the call " + request, other.getCause());
        this.pid = other.pid;
        this.name = other.name;
        this.reason = other.reason;
    }

    /** The process that ended; null if it was called by a name whose holder is not known here (see the class). */
    public Pid pid() {
        return pid;
    }

    /** The registered name that was called, when its holder's pid is not known here (see the class); else null. */
    public RegisteredName name() {
        return name;
    }

    /** Why it ended. */
    public ExitReason reason() {
        return reason;
    }
}
