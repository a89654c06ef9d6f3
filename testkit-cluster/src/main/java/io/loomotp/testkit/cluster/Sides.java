package io.loomotp.testkit.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sides of a netsplit a test asks {@link TestCluster#split} for, checked against the nodes that are running: two or
 * more sides, none empty, that name every running node exactly once and nothing else. A mistake is an
 * {@link IllegalArgumentException} that says which node is wrong and what the cluster holds.
 */
final class Sides {
    private Sides() {}

    /** The sides as sets, in the order given; {@code local} is the test JVM's node, {@code remote} the node JVMs. */
    static List<Set<String>> check(List<? extends Collection<String>> sides, String local, Set<String> remote) {
        Objects.requireNonNull(sides, "sides");
        Set<String> members = new TreeSet<>(remote);
        members.add(local);
        if (sides.size() < 2) {
            throw new IllegalArgumentException("a split needs two sides or more, got " + sides + "; the cluster's "
                    + "nodes are " + members);
        }
        List<Set<String>> checked = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (Collection<String> side : sides) {
            Set<String> s = new LinkedHashSet<>(Objects.requireNonNull(side, "side"));
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a side of a split is empty: " + sides);
            }
            for (String n : side) {
                if (!members.contains(n)) {
                    throw new IllegalArgumentException("no node " + n + " is running in this test cluster; its nodes "
                            + "are " + members);
                }
                if (!named.add(n)) {
                    throw new IllegalArgumentException("node " + n + " is named twice in the split " + sides);
                }
            }
            checked.add(s);
        }
        Set<String> left = new TreeSet<>(members);
        left.removeAll(named);
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("the split " + sides + " leaves out " + left + ": name every node of "
                    + "the cluster " + members + " on one side");
        }
        return checked;
    }
}
