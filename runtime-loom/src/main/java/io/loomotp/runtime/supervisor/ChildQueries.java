package io.loomotp.runtime.supervisor;

import io.loomotp.ChildType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a supervisor answers about its children: OTP's {@code which_children} and {@code count_children}, read from
 * its state. Owner only: called on the supervisor's own process, with its state.
 */
final class ChildQueries {
    private ChildQueries() {}

    static List<ChildInfo> whichChildren(SupervisorBehaviour.State s) {
        List<ChildInfo> all = new ArrayList<>();
        if (s.flags == null) {
            return all;
        }
        if (s.isSimple()) {
            for (SupervisorBehaviour.Child c : s.dynamic.values()) {
                all.add(new ChildInfo(null, c.pid, ChildInfo.Status.RUNNING, c.spec.type(), label(c)));
            }
            for (SupervisorBehaviour.Child c : s.dynamicRestarting) {
                all.add(new ChildInfo(null, null, ChildInfo.Status.RESTARTING, c.spec.type(), label(c)));
            }
            return all.reversed(); // newest first, as the static children (OTP's order here is its map's)
        }
        // newest first, as OTP's which_children lists them (its ids are kept last started first)
        for (SupervisorBehaviour.Child c : s.children.reversed()) {
            ChildInfo.Status status = c.pid != null ? ChildInfo.Status.RUNNING
                    : c.restarting ? ChildInfo.Status.RESTARTING : ChildInfo.Status.UNDEFINED;
            all.add(new ChildInfo(c.spec.id(), c.pid, status, c.spec.type()));
        }
        return all;
    }

    /**
     * The name a child goes by in reports and tools: the id, or for a dynamic child the template's id with its start
     * arguments. {@link SupervisorBehaviour#offender} names the offender of a report with it.
     */
    static String label(SupervisorBehaviour.Child c) {
        return c.isDynamic() ? c.spec.id() + c.args : c.spec.id();
    }

    /**
     * OTP's {@code count_children}. A {@code SIMPLE_ONE_FOR_ONE} supervisor has one spec, its template, however many
     * children it runs; its supervisors or workers are its children, as {@code supervisor.erl} counts them.
     */
    static ChildCount countChildren(SupervisorBehaviour.State s) {
        if (s.flags == null) {
            return new ChildCount(0, 0, 0, 0);
        }
        if (s.isSimple()) {
            int children = s.dynamic.size() + s.dynamicRestarting.size();
            boolean supervisors = s.template.type() == ChildType.SUPERVISOR;
            return new ChildCount(1, s.dynamic.size(), supervisors ? children : 0, supervisors ? 0 : children);
        }
        int active = 0;
        int supervisors = 0;
        for (SupervisorBehaviour.Child c : s.children) {
            active += c.pid != null ? 1 : 0;
            supervisors += c.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
        }
        return new ChildCount(s.children.size(), active, supervisors, s.children.size() - supervisors);
    }
}
