package io.loomotp.runtime.report;

import io.loomotp.runtime.Pid;
import java.util.List;

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
 * @param args a {@code SIMPLE_ONE_FOR_ONE} child's start arguments (the extra arguments of OTP's {@code mfargs});
 *     empty for a static child, whose start function has none to show. Its {@code id} is the template's, as OTP's
 *     {@code extract_child} reports it.
 * @param significant whether its end counts toward its supervisor's auto shutdown (OTP 24's {@code significant})
 */
public record Offender(String id, Pid pid, String restart, String shutdown, String type, int children,
                       List<Object> args, boolean significant) {
    public Offender {
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    /** A report about a child that is not significant. */
    public Offender(String id, Pid pid, String restart, String shutdown, String type, int children,
                    List<Object> args) {
        this(id, pid, restart, shutdown, type, children, args, false);
    }

    /** A report about one static child. */
    public Offender(String id, Pid pid, String restart, String shutdown, String type) {
        this(id, pid, restart, shutdown, type, 0, List.of());
    }

    /** A report about one child, or about {@code children} children of a {@code SIMPLE_ONE_FOR_ONE} supervisor. */
    public Offender(String id, Pid pid, String restart, String shutdown, String type, int children) {
        this(id, pid, restart, shutdown, type, children, List.of());
    }

    /**
     * The name the tools show for this child: its id, or for a {@code SIMPLE_ONE_FOR_ONE} child the template's id with
     * its arguments ({@code phone[100003]}), as {@code ChildInfo.label()}.
     */
    public String label() {
        return args.isEmpty() ? id : id + args;
    }

    @Override
    public String toString() {
        String first = children > 0 ? "{nb_children," + children + "}"
                : "{pid," + (pid == null ? "undefined" : pid) + "}";
        String mfargs = args.isEmpty() ? "" : ", {mfargs," + args + "}";
        return "[" + first + ", {id," + id + "}" + mfargs + ", {restart_type," + restart + "}, {significant,"
                + significant + "}, {shutdown," + shutdown + "}, {child_type," + type + "}]";
    }
}
