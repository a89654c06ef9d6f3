package io.loomotp.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which registered processes get meters of their own: those whose name is one of {@code names} or matches one of
 * {@code patterns} (whole-name matches), at most {@code max} of them: names chosen one by one first, then pattern
 * matches in name order, and a process once tracked stays tracked (its counters must not vanish). Nothing is selected
 * unless asked for: a node with a million processes gets its node-wide meters and no more.
 *
 * @param names exact registered names
 * @param patterns regular expressions a registered name must match entirely
 * @param max how many processes may be tracked at once: the bound on the {@code process} tag's values
 */
public record ProcessSelection(Set<String> names, List<Pattern> patterns, int max) {
    /** The default bound on tracked processes. */
    public static final int DEFAULT_MAX = 100;

    public ProcessSelection {
        names = Set.copyOf(names);
        patterns = List.copyOf(patterns);
        if (max < 0) {
            throw new IllegalArgumentException("the bound on tracked processes must not be negative: " + max);
        }
    }

    /** Selects nothing. */
    public static ProcessSelection none() {
        return new ProcessSelection(Set.of(), List.of(), DEFAULT_MAX);
    }

    /** True if a process registered as {@code name} is chosen (whether or not the bound leaves room for it). */
    public boolean matches(String name) {
        Objects.requireNonNull(name, "name");
        if (names.contains(name)) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return names.isEmpty() && patterns.isEmpty();
    }
}
