package io.loomotp.runtime;

import java.util.Objects;

/**
 * Why a process ended, or the reason carried by an exit signal.
 *
 * <p>The cases are Erlang's: {@link Normal}, {@link Shutdown}, {@link Killed}, {@link NoProc}, {@link Crash} for an
 * exception that escaped, and {@link Custom} for any other term a program chooses. {@link Kill} exists only as a
 * signal: it cannot be trapped, and the process it reaches ends with {@link Killed} instead, so that the
 * unconditional kill does not itself propagate (Designing for Scalability, Table 2-1).
 *
 * <p>{@link #isNormal()} is true for {@code Normal} and {@code Shutdown}: those end a process without a crash
 * report, and a transient child that ends with one of them is not restarted.
 */
public sealed interface ExitReason {

    /** The process ran out of code to run, or stopped on purpose. */
    ExitReason NORMAL = new Normal();
    /** Ordered shutdown, usually by a supervisor. */
    ExitReason SHUTDOWN = new Shutdown(null);
    /** The untrappable kill signal. A process never ends with this reason: it ends with {@link #KILLED}. */
    ExitReason KILL = new Kill();
    /** The reason of a process that received {@link #KILL}. */
    ExitReason KILLED = new Killed();
    /** The process did not exist. */
    ExitReason NOPROC = new NoProc();
    /**
     * The process was on a node this one lost contact with (Erlang's {@code noconnection}): the reason of the exit
     * signals and {@code Down} messages a lost node's processes give their local links and monitors.
     */
    ExitReason NOCONNECTION = new NoConnection();

    /** A shutdown that carries a detail, as OTP's {@code {shutdown, Detail}}. */
    static ExitReason shutdown(Object detail) {
        return new Shutdown(detail);
    }

    /** The reason of a process that an exception escaped from. */
    static ExitReason crash(Throwable cause) {
        return new Crash(cause);
    }

    /** Any other reason a program chooses, as an Erlang term chosen by {@code exit(Reason)}. */
    static ExitReason custom(Object term) {
        return new Custom(term);
    }

    /** True for {@code Normal} and {@code Shutdown}: reasons that produce no crash report. */
    default boolean isNormal() {
        return this instanceof Normal || this instanceof Shutdown;
    }

    /** The process ran out of code, or stopped on purpose. Prints as {@code normal}. */
    record Normal() implements ExitReason {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /** An ordered shutdown, with an optional detail. Prints as {@code shutdown} or {@code {shutdown, detail}}. */
    record Shutdown(Object detail) implements ExitReason {
        @Override
        public String toString() {
            return detail == null ? "shutdown" : "{shutdown, " + detail + "}";
        }
    }

    /** The untrappable kill signal; only ever a signal, never the reason a process ends with. */
    record Kill() implements ExitReason {
        @Override
        public String toString() {
            return "kill";
        }
    }

    /** The reason of a process that received the kill signal. */
    record Killed() implements ExitReason {
        @Override
        public String toString() {
            return "killed";
        }
    }

    /** The process did not exist. */
    record NoProc() implements ExitReason {
        @Override
        public String toString() {
            return "noproc";
        }
    }

    /** The process was on a node that was lost; see {@link #NOCONNECTION}. */
    record NoConnection() implements ExitReason {
        @Override
        public String toString() {
            return "noconnection";
        }
    }

    /**
     * An exception escaped the process. Two crashes are equal when their causes are the same object.
     *
     * @param cause the exception, never null
     */
    record Crash(Throwable cause) implements ExitReason {
        public Crash {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "{crash, " + cause + "}";
        }
    }

    /**
     * A reason of the program's choosing.
     *
     * @param term the reason, never null
     */
    record Custom(Object term) implements ExitReason {
        public Custom {
            Objects.requireNonNull(term, "term");
        }

        @Override
        public String toString() {
            return String.valueOf(term);
        }
    }
}
