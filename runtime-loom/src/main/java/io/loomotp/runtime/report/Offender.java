package io.loomotp.runtime.report;

import io.loomotp.runtime.Pid;

/**
 * The child a supervisor report is about, as OTP's {@code offender} list describes it.
 *
 * @param id the child's id in its supervisor
 * @param pid its pid, or null if it has none (it failed to start, or was not running)
 * @param restart {@code permanent}, {@code transient} or {@code temporary}
 * @param shutdown {@code brutal_kill}, {@code infinity}, or a timeout in milliseconds
 * @param type {@code worker} or {@code supervisor}
 */
public record Offender(String id, Pid pid, String restart, String shutdown, String type) {
    @Override
    public String toString() {
        return "[{pid," + (pid == null ? "undefined" : pid) + "}, {id," + id + "}, {restart_type," + restart
                + "}, {shutdown," + shutdown + "}, {child_type," + type + "}]";
    }
}
