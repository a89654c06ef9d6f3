package io.loomotp.runtime;

import java.util.Objects;

/**
 * Why a process ended, or the reason carried by an exit signal.
 *
 * <p>The cases are Erlang's: {@link Normal}, {@link Shutdown}, {@link Killed}, {@link NoProc}, {@link Crash} for an
 * exception that escaped, and {@link Custom} for any other term a program chooses. {@link Kill} sent by
 * {@code exit(pid, KILL)} cannot be trapped, and the process it reaches ends with {@link Killed} instead, so that the
 * unconditional kill does not itself propagate (Designing for Scalability, Table 2-1). A process that ends itself with
 * {@code Process.exit(KILL)} ends with {@code kill}, which its links carry as an ordinary, trappable reason, as in
 * Erlang.
 *
 * <p>{@link #isNormal()} is true for {@code Normal} and {@code Shutdown}: those end a process without a crash
 * report, and a transient child that ends with one of them is not restarted.
 */
public sealed interface ExitReason {

    /** The process ran out of code to run, or stopped on purpose. */
    ExitReason NORMAL = new Normal();
    /** Ordered shutdown, usually by a supervisor. */
    ExitReason SHUTDOWN = new Shutdown(null);
    /**
     * The untrappable kill signal when sent by {@code exit(pid, KILL)}: its target ends with {@link #KILLED}. A
     * process that ends itself with it ({@code exit(kill)}) ends with {@code kill}, trappable by its links.
     */
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

    /**
     * Any other reason a program chooses, as an Erlang term chosen by {@code exit(Reason)}. Erlang has one atom
     * {@code normal}, so the names of the reasons above are those reasons: {@code custom("normal")} is
     * {@link #NORMAL} (which a process that does not trap exits ignores), and likewise {@code "shutdown"},
     * {@code "kill"}, {@code "killed"}, {@code "noproc"} and {@code "noconnection"}.
     */
    static ExitReason custom(Object term) {
        ExitReason named = term instanceof String s ? Custom.named(s) : null;
        return named != null ? named : new Custom(term);
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

    /** The kill signal: untrappable from {@code exit(pid, KILL)}; through a link, an ordinary reason. */
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
        /**
         * @throws IllegalArgumentException if the term names one of the reasons above ({@code "normal"}, ...): a
         *     custom reason that printed as {@code normal} would not act as it; use the constant, or
         *     {@link ExitReason#custom}, which maps such a name to its constant
         */
        public Custom {
            Objects.requireNonNull(term, "term");
            if (term instanceof String s && named(s) != null) {
                throw new IllegalArgumentException("'" + s + "' is ExitReason." + s.toUpperCase(java.util.Locale.ROOT)
                        + ", not a custom reason; use that constant (ExitReason.custom(\"" + s + "\") gives it too)");
            }
        }

        /** The reason whose Erlang atom is {@code name}, or null if none is. */
        static ExitReason named(String name) {
            return switch (name) {
                case "normal" -> NORMAL;
                case "shutdown" -> SHUTDOWN;
                case "kill" -> KILL;
                case "killed" -> KILLED;
                case "noproc" -> NOPROC;
                case "noconnection" -> NOCONNECTION;
                default -> null;
            };
        }

        @Override
        public String toString() {
            return String.valueOf(term);
        }
    }
}
