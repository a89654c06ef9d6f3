package io.loomotp.cluster;

import io.loomotp.runtime.ProcessBody;

/**
 * What another node may spawn on this one, under a name: the JVM's stand-in for Erlang's {@code spawn(Node, M, F, A)},
 * whose {@code M:F} is code both nodes have loaded. A JVM cannot ship code, so a node registers the bodies it offers
 * ({@link Cluster#registerSpawnable}) and a remote spawn names one of them, with one argument that crosses the wire as
 * any message does (an allowed class; a record or a list for several values).
 *
 * <p>Called on the cluster's delivery thread of this node, once per spawn, before the process exists: it should only
 * build the body (the body runs in the new process). An exception it throws fails the spawn on the asking node.
 */
@FunctionalInterface
public interface Spawnable {

    /** The body of a new process for {@code argument} (null if the spawn gave none). */
    ProcessBody body(Object argument);
}
