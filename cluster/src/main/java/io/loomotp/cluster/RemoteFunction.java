package io.loomotp.cluster;

/**
 * A function other nodes may apply on this one, under a name: the JVM's stand-in for the {@code M:F} of Erlang's
 * {@code erpc:call(Node, M, F, A)} and {@code rpc:call/4}, code that both Erlang nodes have loaded. A JVM cannot ship
 * code, so a node registers the functions it offers ({@link Cluster#registerFunction}) and {@link Cluster#rpc} names
 * one, with one argument that crosses the wire as any message does (an allowed class; a record or a list for several
 * values).
 *
 * <p>Each application runs in a new process of the node that registered the function, as erpc's does: the function
 * may call {@code Process.self()}, receive, call servers and block. What it returns crosses back as a message does,
 * so it must be of an allowed class too; what it throws reaches the caller as a {@link RemoteCrashException} naming
 * the exception's class and message.
 */
@FunctionalInterface
public interface RemoteFunction {

    /** The result for {@code argument} (null if the caller gave none); null is a result too. */
    Object apply(Object argument) throws Exception;
}
