package io.loomotp.runtime.report;

/**
 * A report the runtime makes about a process, in OTP's terms: a crash report, an error in a plain process, dropped
 * messages, and (from supervisors) progress and supervisor reports.
 *
 * <p>Every report goes to the node's report handlers ({@code Node.onReport}) and to slf4j, under a logger named
 * {@code io.loomotp.report.<kind>}. {@link #format()} renders it the way OTP's logger does, so that people who know
 * Erlang read it at once.
 */
public sealed interface Report
        permits CrashReport, ProcessErrorReport, DropReport, UnexpectedMessageReport, SupervisorReport,
                ProgressReport, ApplicationReport, HandlerCrashReport, AlarmReport {

    /** The kind, which is also the last part of the logger name: {@code crash}, {@code error}, {@code drop}, .... */
    String kind();

    /** True for reports of failures (logged at ERROR); false for information, notices and warnings (WARN). */
    boolean isError();

    /** The report as OTP's logger prints it, on several lines. */
    String format();

    /**
     * True for information that OTP's logger hides at its default level (notice): progress reports, an application
     * stopped on request. Such reports are logged at DEBUG.
     */
    default boolean isInformational() {
        return false;
    }

    /**
     * True for what OTP's logger reports at notice level, which its default level shows: an event worth a line, and
     * neither a failure nor a warning, such as an application that ended without stopping the node. Logged at INFO.
     * Neither {@link #isError()} nor {@link #isInformational()} is true of such a report.
     */
    default boolean isNotice() {
        return false;
    }
}
