package io.loomotp.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one application is distributed: OTP's {@code {Application, Time, Nodes}} entry of the kernel's
 * {@code distributed} parameter. The application runs on one node at a time: the first node alive in
 * {@code precedence} that has started it; when that node is lost, the next one starts it after {@code failoverWait};
 * a node of higher precedence that starts it later takes it over. Each element of {@code precedence} is a set of nodes
 * of equal precedence (OTP's tuple {@code {n2, n3}}), the others are single nodes.
 *
 * <pre>{@code
 * DistributedApp bsc = DistributedApp.parse("{bsc, 1000, [n1, {n2, n3}, n4]}");   // the book's dist.config
 * DistributedApp same = new DistributedApp("bsc", Duration.ofMillis(1000),
 *         List.of(List.of("n1"), List.of("n2", "n3"), List.of("n4")));
 * }</pre>
 *
 * @param name the application's name, as its {@code Application.name()}
 * @param failoverWait how long the nodes wait after the node running it is lost before another starts it
 * @param precedence the nodes in order of precedence; an inner list of several nodes is a group of equal precedence
 */
public record DistributedApp(String name, Duration failoverWait, List<List<String>> precedence) {

    /** @throws IllegalArgumentException if a part is empty, negative, or a node appears twice */
    public DistributedApp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(failoverWait, "failover wait");
        Objects.requireNonNull(precedence, "precedence");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a distributed application needs a name");
        }
        if (failoverWait.isNegative()) {
            throw new IllegalArgumentException("application " + name + ": the failover wait is negative ("
                    + failoverWait.toMillis() + " ms)");
        }
        if (precedence.isEmpty()) {
            throw new IllegalArgumentException("application " + name + ": the node list is empty; name at least one"
                    + " node, e.g. [n1, {n2, n3}, n4]");
        }
        List<List<String>> copy = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> level : precedence) {
            if (level == null || level.isEmpty()) {
                throw new IllegalArgumentException("application " + name + ": an empty group {} in " + precedence);
            }
            for (String n : level) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException("application " + name + ": a blank node name in "
                            + precedence);
                }
                if (!seen.add(n)) {
                    throw new IllegalArgumentException("application " + name + ": node " + n
                            + " appears twice in " + precedence);
                }
            }
            copy.add(List.copyOf(level));
        }
        precedence = List.copyOf(copy);
    }

    /**
     * Reads OTP's notation {@code {bsc, 1000, [n1, {n2, n3}, n4]}}, or {@code {bsc, [n1, n2]}} for a wait of 0; the
     * outer braces may be left out. Node names are written bare, as in {@code dist.config} (no {@code @host}).
     *
     * @throws IllegalArgumentException naming what could not be read
     */
    public static DistributedApp parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        int open = s.indexOf('[');
        if (open < 0 || !s.endsWith("]")) {
            throw new IllegalArgumentException("not a distributed application: '" + text + "'; write it as "
                    + "{bsc, 1000, [n1, {n2, n3}, n4]}");
        }
        String[] head = s.substring(0, open).split(",");
        String name = head[0].strip();
        long wait = 0;
        if (head.length == 3 && !head[1].isBlank()) {
            try {
                wait = Long.parseLong(head[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': the failover wait '" + head[1].strip()
                        + "' is not a number of milliseconds", e);
            }
        } else if (head.length != 2) {
            throw new IllegalArgumentException("'" + text + "': expected {Name, Milliseconds, [Nodes]} or "
                    + "{Name, [Nodes]}");
        }
        return new DistributedApp(name, Duration.ofMillis(wait), levels(text, s.substring(open + 1, s.length() - 1)));
    }

    private static List<List<String>> levels(String text, String body) {
        List<List<String>> levels = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
            } else if (c == '{') {
                int close = body.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': a group { is not closed");
                }
                List<String> group = new ArrayList<>();
                for (String n : body.substring(i + 1, close).split(",")) {
                    group.add(n.strip());
                }
                levels.add(group);
                i = close + 1;
            } else {
                int end = body.indexOf(',', i);
                end = end < 0 ? body.length() : end;
                levels.add(List.of(body.substring(i, end).strip()));
                i = end;
            }
        }
        return levels;
    }

    /** Every node named, in order of precedence. */
    public List<String> nodes() {
        List<String> all = new ArrayList<>();
        precedence.forEach(all::addAll);
        return all;
    }

    /** OTP's notation, as {@link #parse} reads it. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{").append(name).append(", ").append(failoverWait.toMillis())
                .append(", [");
        for (int i = 0; i < precedence.size(); i++) {
            List<String> level = precedence.get(i);
            b.append(i == 0 ? "" : ", ").append(level.size() == 1 ? level.get(0)
                    : "{" + String.join(", ", level) + "}");
        }
        return b.append("]}").toString();
    }
}
