package io.loomotp.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one tag may take, bounded: the first {@code max} distinct values are kept as they are, and every later
 * one becomes {@value #OTHER}, so that a program that crashes with a new exception class each time (or starts a new
 * supervisor per request) cannot grow a registry without bound. Thread-safe; may admit a value or two past the bound
 * under a race, never more than one per racing thread.
 */
final class BoundedTags {
    static final String OTHER = "other";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    BoundedTags(int max) {
        this.max = max;
    }

    String of(String value) {
        if (admitted.contains(value)) {
            return value;
        }
        if (admitted.size() >= max) {
            return OTHER;
        }
        admitted.add(value);
        return value;
    }

    int size() {
        return admitted.size();
    }
}
