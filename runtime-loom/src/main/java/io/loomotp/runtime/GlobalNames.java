package io.loomotp.runtime;

import io.loomotp.runtime.internal.GlobalLookups;
import java.util.Objects;
import java.util.function.Function;

/**
 * The lookup of global names (OTP's {@code global:whereis_name/1}) as the runtime and generated clients see it: the
 * names themselves are kept by the {@code cluster} module once the node has joined a cluster ({@code Cluster.global()}
 * registers them); this class only asks. A generated {@code …Ref.whereisGlobal(node, name)} calls it.
 *
 * <p>Threading: any thread.
 */
public final class GlobalNames {
    private GlobalNames() {}

    /**
     * The process registered under the global {@code name}, as {@code node} sees the cluster now, or null if none is.
     *
     * @throws IllegalStateException if {@code node} has not joined a cluster
     */
    public static Pid whereis(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Function<String, Pid> lookup = GlobalLookups.of(node);
        if (lookup == null) {
            throw new IllegalStateException("node " + node.name() + " is in no cluster: global names need "
                    + "Cluster.join(node, config) from the cluster module");
        }
        return lookup.apply(name);
    }
}
