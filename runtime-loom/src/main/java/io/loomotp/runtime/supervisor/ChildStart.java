package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Objects;

/**
 * Starts one child, linked to the supervisor, and returns its pid, or null if it chose not to start (its init returned
 * {@code ignore}). Runs inside the supervisor's process, so a generated client's {@code startLink} links the child to
 * it. Called again for every restart: make a fresh instance each time.
 *
 * <p>A start that answers more than a pid (OTP's {@code {ok, Pid, Info}}) is made with {@link #withInfo}.
 */
@FunctionalInterface
public interface ChildStart {
    /**
     * @param args the arguments {@code startChild} gave a child of a {@code SIMPLE_ONE_FOR_ONE} supervisor; empty for
     *     other children
     */
    Pid start(List<Object> args) throws Exception;

    /**
     * Starts the child and answers its pid with extra information, or null if it chose not to start. The supervisor
     * calls this one; by default it is {@link #start} with no information.
     */
    default Started startWithInfo(List<Object> args) throws Exception {
        Pid pid = start(args);
        return pid == null ? null : new Started(pid, null);
    }

    /**
     * A start that answers extra information with the pid, as an OTP start function returns {@code {ok, Pid, Info}}:
     * {@code ChildSpec.worker("port", ChildStart.withInfo(args -> new Started(PortRef.startLink(...).pid(), 4711)))}.
     */
    static ChildStart withInfo(WithInfo start) {
        Objects.requireNonNull(start, "start");
        return new ChildStart() {
            @Override
            public Pid start(List<Object> args) throws Exception {
                Started s = start.start(args);
                return s == null ? null : s.pid();
            }

            @Override
            public Started startWithInfo(List<Object> args) throws Exception {
                return start.start(args);
            }
        };
    }

    /** A start function that answers a {@link Started}, or null if the child chose not to start. */
    @FunctionalInterface
    interface WithInfo {
        Started start(List<Object> args) throws Exception;
    }
}
