package io.loomotp.cluster.internal;

import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Map;

/**
 * The messages the servers of one pg scope on two nodes exchange ({@link ScopeServer}), as pg's scope processes do
 * in OTP ({@code discover}, {@code sync}, {@code join}, {@code leave}); ordinary cluster messages between two
 * registered processes, so ordered per pair of nodes.
 */
public sealed interface PgWire {
    /** All the local memberships of {@code from}'s scope now; {@code answer}: send yours back. */
    record Sync(String from, Map<String, List<Pid>> groups, boolean answer) implements PgWire {}

    /** Processes of {@code from} joined a group. */
    record Join(String from, String group, List<Pid> pids) implements PgWire {}

    /** Processes of {@code from} left a group (or died). */
    record Leave(String from, String group, List<Pid> pids) implements PgWire {}
}
