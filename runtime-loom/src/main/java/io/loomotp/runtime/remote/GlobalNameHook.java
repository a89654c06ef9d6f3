package io.loomotp.runtime.remote;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.internal.GlobalLookups;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Where the cluster layer plugs a node's global names into the runtime, so that {@link io.loomotp.runtime.GlobalNames}
 * (and the generated {@code …Ref.whereisGlobal}) can find a process by global name without the runtime or the
 * generated code depending on the cluster module. Not an API: exported to the cluster module only.
 */
public final class GlobalNameHook {
    private GlobalNameHook() {}

    /**
     * Installs the lookup of {@code node}'s global names (a name to its process, or null) and their registration (true
     * if the process now holds the name), which a start with a global name uses, and the lookup of a local name on
     * another node ({@code (nodeName, name)} to its process, or null if nobody there holds it or the node is not
     * connected), which a client made for {@code {Name, Node}} uses.
     */
    public static void install(Node node, Function<String, Pid> whereis, BiPredicate<String, Pid> register,
                               java.util.function.BiFunction<String, String, Pid> whereisOn) {
        GlobalLookups.install(node, whereis, register, whereisOn);
    }

    /** Removes it, when the node leaves its cluster. */
    public static void uninstall(Node node) {
        GlobalLookups.uninstall(node);
    }
}
