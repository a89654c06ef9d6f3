package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * A supervisor saw a child fail: OTP's supervisor report, with its error context, the reason and the offender.
 *
 * @param supervisor the supervisor's pid
 * @param supervisorName its registered name, or null
 * @param errorContext {@code start_error}, {@code child_terminated}, {@code shutdown_error}, or {@code shutdown} when
 *     the supervisor gives up (as OTP's: its reason is then {@link #REACHED_MAX_RESTART_INTENSITY}; see
 *     {@link #gaveUp()})
 * @param reason the child's exit reason, the start failure, or {@link #REACHED_MAX_RESTART_INTENSITY}
 * @param offender the child
 * @param module the supervisor's module (its class), which names a supervisor with no registered name as OTP's
 *     {@code {Pid, Module}}; null if not known
 */
public record SupervisorReport(Pid supervisor, String supervisorName, String errorContext, ExitReason reason,
                               Offender offender, String module) implements Report {
    /** A report without the supervisor's module. */
    public SupervisorReport(Pid supervisor, String supervisorName, String errorContext, ExitReason reason,
                            Offender offender) {
        this(supervisor, supervisorName, errorContext, reason, offender, null);
    }

    /** The same report, with the supervisor's module. */
    public SupervisorReport withModule(String module) {
        return new SupervisorReport(supervisor, supervisorName, errorContext, reason, offender, module);
    }

    /** The reason of the report of a supervisor that gave up: more restarts than its intensity within its period. */
    public static final ExitReason REACHED_MAX_RESTART_INTENSITY =
            ExitReason.custom("reached_max_restart_intensity");

    /**
     * True if this is the report of a supervisor giving up (OTP's {@code errorContext} {@code shutdown} with reason
     * {@code reached_max_restart_intensity}): it then stops its children and exits with {@code shutdown}.
     */
    public boolean gaveUp() {
        return errorContext.equals("shutdown") && reason.equals(REACHED_MAX_RESTART_INTENSITY);
    }

    @Override
    public String kind() {
        return "supervisor";
    }

    @Override
    public boolean isError() {
        return true;
    }

    @Override
    public String format() {
        return "=SUPERVISOR REPORT====\n"
                + "    supervisor: " + (supervisorName != null ? "{local," + supervisorName + "}"
                        : module != null ? "{" + supervisor + "," + module + "}" : supervisor) + "\n"
                + "    errorContext: " + errorContext + "\n"
                + "    reason: " + Reasons.describe(reason).replace("\n", "\n        ") + "\n"
                + "    offender: " + offender;
    }
}
