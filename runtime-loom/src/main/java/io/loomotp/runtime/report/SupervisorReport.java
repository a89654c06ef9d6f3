package io.loomotp.runtime.report;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * A supervisor saw a child fail: OTP's supervisor report, with its error context, the reason and the offender.
 *
 * @param supervisor the supervisor's pid
 * @param supervisorName its registered name, or null
 * @param errorContext {@code start_error}, {@code child_terminated}, {@code shutdown_error} or
 *     {@code reached_max_restart_intensity}
 * @param reason the child's exit reason, or the start failure
 * @param offender the child
 */
public record SupervisorReport(Pid supervisor, String supervisorName, String errorContext, ExitReason reason,
                               Offender offender) implements Report {
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
                + "    supervisor: " + (supervisorName == null ? supervisor : "{local," + supervisorName + "}") + "\n"
                + "    errorContext: " + errorContext + "\n"
                + "    reason: " + Reasons.describe(reason).replace("\n", "\n        ") + "\n"
                + "    offender: " + offender;
    }
}
