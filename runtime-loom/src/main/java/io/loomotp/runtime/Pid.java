package io.loomotp.runtime;

/**
 * A process identifier: the only handle to a process that user code holds.
 *
 * <p>A pid names its node as well as the process. It prints as {@code <node.serial>}, for example {@code <0.42>}.
 * Pids are created only by the runtime; an object of any other class that implements this interface is rejected with
 * {@link IllegalArgumentException} wherever a pid is expected.
 *
 * <p>Distribution (the {@code cluster} module): on the wire a pid is its node's name, the node's incarnation (a
 * number drawn when the node started, Erlang's <em>creation</em>) and the serial, so that a pid of a node that has
 * restarted names a dead process, never one of the new incarnation. Received on another node, it becomes a remote
 * pid whose first number is that node's local alias for the incarnation, as Erlang prints a remote pid. Sends, casts,
 * calls, links, monitors and exit signals work on remote pids; the operations that read a process's state directly
 * ({@link Node#isAlive}, {@link Node#info}, {@link Node#of}) work on local pids only and reject a remote one with
 * {@link IllegalArgumentException}. See docs/adr/0009-pid-encoding-and-remote-hook.md.
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
