package io.loomotp.runtime;

import java.util.Objects;

/**
 * A process addressed by its name rather than its pid, looked up each time it is used: what OTP's
 * {@code gen_server:call(Name, Req)}, {@code call({global, Name}, Req)} and {@code call({Name, Node}, Req)} do. A
 * generated client made with {@code …Ref.byName(node, name)}, {@code byGlobalName(node, name)} or
 * {@code byName(node, nodeName, name)} holds one, so that it reaches whichever process holds the name now, a
 * supervisor's restarted child included.
 *
 * @param node the node whose registry (or view of the cluster's global names) is asked
 * @param name the registered name
 * @param global whether {@code name} is a global name ({@code Cluster.global()}) rather than a local one
 * @param onNode the other node of the cluster whose local name this is ({@code {Name, Node}}), or null
 * @param via the name in a registry of the user's own ({@code {via, Module, Name}}), or null; {@code name} is then its
 *     name as text
 */
public record ProcessName(Node node, String name, boolean global, String onNode, ViaName via) {
    /** A local or a global name of {@code node}'s. */
    public ProcessName(Node node, String name, boolean global) {
        this(node, name, global, null, null);
    }

    /** A local or a global name of {@code node}'s, or a local name of another node. */
    public ProcessName(Node node, String name, boolean global, String onNode) {
        this(node, name, global, onNode, null);
    }

    public ProcessName {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a registered name must not be empty");
        }
    }

    /**
     * The process registered under {@code name} in {@code registry}, a registry of the user's own, looked up there at
     * each use: OTP's {@code {via, Module, Name}}.
     */
    public static ProcessName via(Node node, NameRegistry registry, Object name) {
        ViaName via = ViaName.of(registry, name);
        String text = String.valueOf(name);
        return new ProcessName(node, text.isEmpty() ? via.toString() : text, false, null, via);
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

    /**
     * The process registered under local {@code name} on {@code nodeName}, another node of {@code node}'s cluster:
     * OTP's {@code {Name, Node}}, looked up on that node at each use (one round trip). A name of {@code node} itself
     * is a local one.
     *
     * @throws IllegalStateException if {@code node} has joined no cluster (and {@code nodeName} is another node)
     */
    public static ProcessName on(Node node, String nodeName, String name) {
        java.util.Objects.requireNonNull(nodeName, "nodeName");
        if (nodeName.equals(node.name())) {
            return local(node, name);
        }
        ProcessName n = new ProcessName(node, name, false, nodeName);
        if (io.loomotp.runtime.internal.GlobalLookups.of(node) == null) { // now, not at the first call
            throw new IllegalStateException("node " + node.name() + " is in no cluster: " + n + " names a process of "
                    + "another node, which needs Cluster.join(node, config) from the cluster module");
        }
        return n;
    }

    /** The process holding the name now, or null if none does (for {@code {Name, Node}}: or that node is not up). */
    public Pid whereis() {
        if (via != null) {
            return via.whereis();
        }
        if (onNode != null) {
            return io.loomotp.runtime.internal.GlobalLookups.whereisOn(node, onNode, name);
        }
        return global ? GlobalNames.whereis(node, name) : node.whereis(name);
    }

    /**
     * Casts {@code request} to the process holding the name now, as {@code gen_server:cast/2} to a name: dropped if
     * nobody holds it. A via name goes through its registry's {@link NameRegistry#send} with the request as a cast
     * (OTP's {@code catch Mod:send(Name, {'$gen_cast', Request})}), and whatever the registry throws is dropped with
     * it, as OTP's {@code catch} drops it.
     */
    public void cast(Object request) {
        Objects.requireNonNull(request, "request");
        if (via != null) {
            try {
                via.registry().send(via.name(), new CastRequest(request));
            } catch (RuntimeException dropped) {
                // as OTP's gen_server:cast: catch Mod:send(...), ok
            }
            return;
        }
        Pid pid = whereis();
        if (pid != null) {
            io.loomotp.runtime.internal.Calls.cast(pid, request);
        }
    }

    /**
     * The process holding the name now.
     *
     * @param what what is being done, for the exception's message ({@code "call Allocate"})
     * @throws NoProcessException if no live process holds it ({@code noproc}, as OTP's call to a free name)
     * @throws ProcessExitException for {@code {Name, Node}}, if that node is not connected ({@code noconnection})
     */
    public Pid resolve(String what) {
        Pid pid = whereis();
        if (pid == null) {
            if (onNode != null && ClusterNodes.isClustered(node) && !ClusterNodes.nodes(node).contains(onNode)) {
                throw notConnected(name, onNode, what);
            }
            throw new NoProcessException(this, what);
        }
        return pid;
    }

    /**
     * What a call to {@code {name, nodeName}} throws when that node is not connected: the exit a call gets when the
     * node is lost during it ({@code noconnection}), as OTP's {@code gen:call} exits {@code {nodedown, Node}} in both
     * cases.
     */
    public static ProcessExitException notConnected(String name, String nodeName, String what) {
        return new ProcessExitException(new RegisteredName(name, nodeName), ExitReason.NOCONNECTION, "cannot "
                + what + ": {" + name + ", " + nodeName + "} is on node " + nodeName + ", which is not connected "
                + "(noconnection; nodes() lists the nodes connected)");
    }

    /** {@code frequency}, {@code global:frequency}, {@code {frequency, b}} or {@code {via, Registry, frequency}}. */
    @Override
    public String toString() {
        if (via != null) {
            return via.toString();
        }
        return onNode != null ? "{" + name + ", " + onNode + "}" : global ? "global:" + name : name;
    }
}
