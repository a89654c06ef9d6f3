package io.loomotp.cluster;

import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import java.util.List;

/**
 * A change of a process group, sent to the processes that monitor the group or its scope ({@link Pg#monitor},
 * {@link Pg#monitorScope}): pg's {@code {Ref, join, Group, Pids}} and {@code {Ref, leave, Group, Pids}}.
 */
public sealed interface GroupEvent {
    /** The reference the monitor call answered. */
    MonitorRef ref();

    String group();

    /** The processes that joined or left, with repetitions if one joined several times. */
    List<Pid> pids();

    /** Processes joined the group (on any node). */
    record Joined(MonitorRef ref, String group, List<Pid> pids) implements GroupEvent {}

    /** Processes left the group: they left, died, or their node was lost. */
    record Left(MonitorRef ref, String group, List<Pid> pids) implements GroupEvent {}
}
