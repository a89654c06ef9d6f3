package io.loomotp.runtime;

import java.util.Objects;

/**
 * A process addressed by its name rather than its pid, looked up each time it is used: what OTP's
 * {@code gen_server:call(Name, Req)} and {@code gen_server:call({global, Name}, Req)} do. A generated client made
 * with {@code …Ref.byName(node, name)} or {@code byGlobalName(node, name)} holds one, so that it reaches whichever
 * process holds the name now, a supervisor's restarted child included.
 *
 * @param node the node whose registry (or view of the cluster's global names) is asked
 * @param name the registered name
 * @param global whether {@code name} is a global name ({@code Cluster.global()}) rather than a local one
 */
public record ProcessName(Node node, String name, boolean global) {
    public ProcessName {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a registered name must not be empty");
        }
    }

    /** The process registered under {@code name} on {@code node}. */
    public static ProcessName local(Node node, String name) {
        return new ProcessName(node, name, false);
    }

    /**
     * The process registered under the global {@code name}, as {@code node} sees its cluster.
     *
     * @throws IllegalStateException if the node has joined no cluster
     */
    public static ProcessName global(Node node, String name) {
        ProcessName n = new ProcessName(node, name, true);
        n.whereis(); // fails now, not at the first call, if the node is in no cluster
        return n;
    }

    /** The process holding the name now, or null if none does. */
    public Pid whereis() {
        return global ? GlobalNames.whereis(node, name) : node.whereis(name);
    }

    /**
     * The process holding the name now.
     *
     * @param what what is being done, for the exception's message ({@code "call Allocate"})
     * @throws NoProcessException if no live process holds it ({@code noproc}, as OTP's call to a free name)
     */
    public Pid resolve(String what) {
        Pid pid = whereis();
        if (pid == null) {
            throw new NoProcessException(this, what);
        }
        return pid;
    }

    /** {@code frequency}, or {@code global:frequency}. */
    @Override
    public String toString() {
        return global ? "global:" + name : name;
    }
}
