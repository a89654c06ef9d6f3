package io.loomotp.runtime;

/**
 * A process identifier: the only handle to a process that user code holds.
 *
 * <p>A pid names its node as well as the process, so that distribution can come later without changing the type.
 * It prints as {@code <node.serial>}, for example {@code <0.42>}. Pids are created only by the runtime; an object
 * of any other class that implements this interface is rejected with {@link IllegalArgumentException} wherever a
 * pid is expected.
 *
 * <p>A pid stays valid after its process has died: sending to it is silently accepted, as in Erlang, and
 * {@link Node#isAlive(Pid)} answers false. Pids compare by node, then by serial, and are equal only to
 * themselves.
 */
public interface Pid extends Comparable<Pid> {

    /** The id of the node this process lives on: the first number of {@code <0.42>}. */
    int nodeId();

    /** The serial of the process within its node: the second number of {@code <0.42>}. Never reused. */
    long serial();

    @Override
    default int compareTo(Pid other) {
        int byNode = Integer.compare(nodeId(), other.nodeId());
        return byNode != 0 ? byNode : Long.compare(serial(), other.serial());
    }
}
