package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.Pid;
import java.util.List;

/**
 * Starts one child, linked to the supervisor, and returns its pid, or null if it chose not to start (its init returned
 * {@code ignore}). Runs inside the supervisor's process, so a generated client's {@code startLink} links the child to
 * it. Called again for every restart: make a fresh instance each time.
 */
@FunctionalInterface
public interface ChildStart {
    /**
     * @param args the arguments {@code startChild} gave a child of a {@code SIMPLE_ONE_FOR_ONE} supervisor; empty for
     *     other children
     */
    Pid start(List<Object> args) throws Exception;
}
