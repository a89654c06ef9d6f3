package io.loomotp.runtime.supervisor;

import java.util.List;

/**
 * What {@code getState} answers for a supervisor: its flags and its children, as {@code whichChildren} lists them.
 *
 * @param flags strategy and intensity; null while the supervisor is starting
 * @param children its children
 */
public record SupervisorState(SupervisorFlags flags, List<ChildInfo> children) {
    public SupervisorState {
        children = List.copyOf(children);
    }
}
