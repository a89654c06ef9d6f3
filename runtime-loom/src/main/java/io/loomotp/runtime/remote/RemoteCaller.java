package io.loomotp.runtime.remote;

import java.time.Duration;
import java.util.List;

/**
 * How the cluster layer runs a service another node offered and brings its text back: what
 * {@link io.loomotp.runtime.ClusterNodes#call} asks of it (Erlang's {@code erpc:call/5}, for texts), and how it makes
 * the pid of a process that another node named by its serial ({@link io.loomotp.runtime.ClusterNodes#pid}). Not an
 * API.
 */
public interface RemoteCaller {

    /**
     * Runs {@code service} on {@code nodeName} with {@code args} and returns its answer.
     *
     * @throws IllegalArgumentException if no node of that name is connected
     * @throws IllegalStateException if the node offers no such service, the service threw (its message), or the node
     *     was lost before it answered
     * @throws io.loomotp.runtime.CallTimeoutException if no answer came within {@code timeout}
     */
    String call(String nodeName, String service, List<String> args, Duration timeout);

    /**
     * The pid of process {@code serial} of node {@code nodeName}'s incarnation connected now.
     *
     * @throws IllegalArgumentException if no node of that name is connected
     */
    io.loomotp.runtime.Pid pid(String nodeName, long serial);

    /**
     * The pid, as this node names it, of process {@code serial} of incarnation {@code creation} of node
     * {@code nodeName}, whether that incarnation is up here or not (a pid of one that is not answers as such a pid
     * does: {@code noconnection}, or {@code noproc} once a newer incarnation is up). For a process object of another
     * node of this JVM that a process of this node was handed directly, not in a message.
     */
    io.loomotp.runtime.Pid pidOf(String nodeName, long creation, long serial);

    /** This node's incarnation in its cluster: what {@link #pidOf} takes as {@code creation} for its processes. */
    long creation();

    /**
     * The pid registered as {@code name} on node {@code nodeName} now, or null if nothing there holds it: for
     * {@code Process.monitor(RegisteredName)}, Erlang's {@code monitor(process, {Name, Node})}.
     *
     * @throws RuntimeException if the node is not connected, is lost before it answers, or does not answer in time
     */
    io.loomotp.runtime.Pid whereis(String nodeName, String name, Duration timeout);
}
