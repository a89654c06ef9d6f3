package io.loomotp.runtime.supervisor;

import io.loomotp.Strategy;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a supervisor's init answers: its flags and its children, in start order. A {@code SIMPLE_ONE_FOR_ONE}
 * supervisor has exactly one child spec, the template of the children {@code startChild} starts.
 *
 * @param flags the strategy and restart intensity
 * @param children the child specs, in start order
 */
public record SupervisorSpec(SupervisorFlags flags, List<ChildSpec> children) {

    /** What an init returns for the supervisor not to start: its start returns null (OTP's {@code ignore}). */
    public static final SupervisorSpec IGNORE = new SupervisorSpec(SupervisorFlags.defaults(), List.of());

    /**
     * @throws IllegalArgumentException if two children have the same id, a {@code SIMPLE_ONE_FOR_ONE} supervisor
     *     does not have exactly one child spec, or a significant child is permanent or under a supervisor whose auto
     *     shutdown is {@code NEVER} (OTP's {@code bad_combination})
     */
    public SupervisorSpec {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) == null) {
                throw new NullPointerException("child spec " + (i + 1) + " of " + children.size() + " is null");
            }
        }
        children = List.copyOf(children);
        Set<String> ids = new HashSet<>();
        for (ChildSpec c : children) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("two children have the id '" + c.id() + "': ids must be unique");
            }
            String bad = c.badCombination(flags.autoShutdown());
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
        }
        if (flags.strategy() == Strategy.SIMPLE_ONE_FOR_ONE && children.size() != 1) {
            throw new IllegalArgumentException("a SIMPLE_ONE_FOR_ONE supervisor has exactly one child spec, the "
                    + "template of its children; this one has " + children.size());
        }
    }

    public static SupervisorSpec of(SupervisorFlags flags, ChildSpec... children) {
        return new SupervisorSpec(flags, java.util.Arrays.asList(children)); // nulls named by the constructor
    }
}
