package io.loomotp.runtime.report;

import io.loomotp.runtime.Pid;

/**
 * A supervisor started a child, or an application started: OTP's progress report.
 *
 * @param supervisor the supervisor's pid, or null for an application
 * @param supervisorName its registered name, or null
 * @param started the child started, or null for an application
 * @param application the application started, or null for a child
 */
public record ProgressReport(Pid supervisor, String supervisorName, Offender started, String application)
        implements Report {
    @Override
    public String kind() {
        return "progress";
    }

    @Override
    public boolean isError() {
        return false;
    }

    @Override
    public boolean isInformational() {
        return true;
    }

    /** The node the application started at, as OTP's {@code started_at: nonode@nohost} names it. */
    private String node() {
        if (supervisor != null && io.loomotp.runtime.Node.isLocal(supervisor)) {
            try {
                return io.loomotp.runtime.Node.of(supervisor).name();
            } catch (RuntimeException gone) {
                // a node closed meanwhile: its pid still says where
            }
        }
        return String.valueOf(supervisor);
    }

    @Override
    public String format() {
        if (application != null) {
            return "=PROGRESS REPORT====\n    application: " + application + "\n    started_at: " + node();
        }
        return "=PROGRESS REPORT====\n"
                + "    supervisor: " + (supervisorName == null ? supervisor : "{local," + supervisorName + "}") + "\n"
                + "    started: " + started;
    }
}
