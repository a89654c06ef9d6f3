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
     * The pid registered as {@code name} on node {@code nodeName} now, or null if nothing there holds it: for
     * {@code Process.monitor(RegisteredName)}, Erlang's {@code monitor(process, {Name, Node})}.
     *
     * @throws RuntimeException if the node is not connected, is lost before it answers, or does not answer in time
     */
    io.loomotp.runtime.Pid whereis(String nodeName, String name, Duration timeout);
}
