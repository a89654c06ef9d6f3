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
 * @param children for a report about several children of a {@code SIMPLE_ONE_FOR_ONE} supervisor at once (the
 *     {@code shutdown_error}s of its shutdown, one report per reason, as OTP's {@code terminate_dynamic_children}),
 *     how many; its {@code pid} is then null and its {@code id} the template's. Zero for a report about one child.
 */
public record Offender(String id, Pid pid, String restart, String shutdown, String type, int children) {
    /** A report about one child. */
    public Offender(String id, Pid pid, String restart, String shutdown, String type) {
        this(id, pid, restart, shutdown, type, 0);
    }

    @Override
    public String toString() {
        String first = children > 0 ? "{nb_children," + children + "}"
                : "{pid," + (pid == null ? "undefined" : pid) + "}";
        return "[" + first + ", {id," + id + "}, {restart_type," + restart + "}, {shutdown," + shutdown
                + "}, {child_type," + type + "}]";
    }
}
