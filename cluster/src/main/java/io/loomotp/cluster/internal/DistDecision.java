package io.loomotp.cluster.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Who should run a distributed application, computed from a precedence list and what every node up has said about it
 * (docs/adr/0016). A pure function: every node that holds the same states computes the same answer, so no vote is
 * needed. It follows OTP's {@code dist_ac:find_start_node}: the first group of the precedence list that has a
 * candidate wins; within a group of equal precedence a node that already runs the application keeps it (OTP does not
 * move it), otherwise the candidate running the fewest distributed applications, then the first by name (OTP's
 * weight, then its node order).
 */
final class DistDecision {
    private DistDecision() {}

    /**
     * One node's part, as far as this node knows.
     *
     * @param running it runs the application now
     * @param weight how many distributed applications it runs now
     */
    record Candidate(boolean running, int weight) {}

    /** The index of the group {@code node} belongs to, or -1 if it is not in the list. */
    static int level(List<List<String>> precedence, String node) {
        for (int i = 0; i < precedence.size(); i++) {
            if (precedence.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    /** Orders nodes by precedence, then by name: the order in which two running instances are kept. */
    static Comparator<String> rank(List<List<String>> precedence) {
        return Comparator.<String>comparingInt(n -> level(precedence, n)).thenComparing(Comparator.naturalOrder());
    }

    /** The node that should run the application; null if no node up has started it. */
    static String target(List<List<String>> precedence, Map<String, Candidate> candidates) {
        for (List<String> group : precedence) {
            String runner = null;
            String lightest = null;
            for (String n : group.stream().sorted().toList()) {
                Candidate c = candidates.get(n);
                if (c == null) {
                    continue;
                }
                if (c.running() && runner == null) {
                    runner = n;
                }
                if (lightest == null || c.weight() < candidates.get(lightest).weight()) {
                    lightest = n;
                }
            }
            if (runner != null) {
                return runner;
            }
            if (lightest != null) {
                return lightest;
            }
        }
        return null;
    }

    /** The running instance that is kept when several run: the first by {@link #rank}; null if none runs. */
    static String keptRunner(List<List<String>> precedence, Map<String, Candidate> candidates) {
        return candidates.entrySet().stream().filter(e -> e.getValue().running()).map(Map.Entry::getKey)
                .filter(n -> level(precedence, n) >= 0).min(rank(precedence)).orElse(null);
    }
}
