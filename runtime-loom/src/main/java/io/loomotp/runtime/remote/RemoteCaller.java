package io.loomotp.runtime.remote;

import java.time.Duration;
import java.util.List;

/**
 * How the cluster layer runs a service another node offered and brings its text back: what
 * {@link io.loomotp.runtime.ClusterNodes#call} asks of it (Erlang's {@code erpc:call/5}, for texts). Not an API.
 */
@FunctionalInterface
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
}
