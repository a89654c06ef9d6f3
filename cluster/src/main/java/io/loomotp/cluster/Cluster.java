package io.loomotp.cluster;

import io.loomotp.cluster.internal.DistController;
import io.loomotp.cluster.internal.Endpoint;
import io.loomotp.cluster.internal.Endpoints;
import io.loomotp.cluster.internal.KernelWatch;
import io.loomotp.cluster.internal.NameServer;
import io.loomotp.cluster.internal.NameWire;
import io.loomotp.cluster.internal.NamedStop;
import io.loomotp.cluster.internal.PgWire;
import io.loomotp.cluster.internal.RemoteCall;
import io.loomotp.cluster.internal.RemoteFunctions;
import io.loomotp.cluster.internal.RemoteNames;
import io.loomotp.cluster.internal.ScopeServer;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessName;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.remote.ClusterViewHook;
import io.loomotp.runtime.remote.GlobalNameHook;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.server.GenServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership of a cluster of nodes in other JVMs, on JGroups: Erlang's distribution for one {@link Node}.
 *
 * <p>Once joined, the node's pids cross the wire inside messages and work on the other nodes as local ones do here:
 * {@code Process.send}, the casts and calls of a generated {@code …Ref.of(pid)}, {@code Process.link},
 * {@code monitor}, {@code demonitor} and {@code exit} all accept a remote pid, with Erlang's outcomes; a lost node gives
 * {@code noconnection} to links, monitors and calls, and {@link NodeDown} to node monitors. See docs/distribution.md.
 *
 * <p>Threading: every method may be called from any thread. Erlang's names: {@link #nodes()} is {@code nodes()},
 * {@link #monitorNode} is {@code monitor_node/2}, {@link #monitorNodes} is {@code net_kernel:monitor_nodes/1},
 * {@link #send(String, String, Object)} is {@code {Name, Node} ! Msg}.
 *
 * <p>Why one unit (about 810 lines): it is the module's facade, OTP's {@code erlang}/{@code net_kernel}/{@code rpc}
 * distribution calls in one place for a user to find; each method checks its arguments and the membership, then
 * hands the work to the internal class that owns it (Endpoint, RemoteSpawn, RemoteFunctions, NameServer), so the
 * size is its documentation, not its logic. The one loop of its own is {@code connectAndConfirm} (for
 * {@code connectNode} and {@code ping}), which composes two of those classes: a reconnect (Endpoint) and a round trip
 * to the node's rpc server (RemoteNames).
 */
public final class Cluster implements AutoCloseable {
    /** The prefix of the names of the spawnables and functions Loom OTP registers itself, which users may not touch. */
    public static final String RESERVED = "loomotp.";

    private final Node node;
    private final Endpoint endpoint;
    private final DistController distributed;
    private final Pid nameServer;
    private final Global global;
    /** Set once this membership has been closed: its services refuse to be used, rather than half-work. */
    private volatile boolean closed;
    private final ConcurrentHashMap<String, Pg> scopes = new ConcurrentHashMap<>();
    /** How long {@link #close} waits for each of its processes to end. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger("io.loomotp.cluster");
    /** The nodes that are members of a cluster now, with the name and cluster they joined as: a node joins once. */
    private static final Map<Node, String> MEMBERS = Collections.synchronizedMap(new WeakHashMap<>());
    private final RemoteNames remoteNames;
    private final RemoteFunctions functions;
    /** What this node joined as; the entry of {@link #MEMBERS} that {@link #close} removes, and no later one. */
    private final String membership;
    /** Ends the membership when one of the processes above ends while it lasts, as OTP's kernel_sup does. */
    private final KernelWatch kernel;

    static {
        // the test kit's fault hook (io.loomotp.cluster.fault) reaches the endpoint through this, not a public getter
        Endpoints.install(c -> c.endpoint);
    }

    private Cluster(Node node, Endpoint endpoint, DistController distributed, String membership) {
        this.node = node;
        this.membership = membership;
        this.endpoint = endpoint;
        this.distributed = distributed;
        NameServer names = new NameServer(endpoint);
        this.nameServer = names.start(node); // first: a failed start leaves nothing installed
        this.remoteNames = new RemoteNames(node, endpoint);
        try {
            this.functions = new RemoteFunctions(node, endpoint, remoteNames);
        } catch (RuntimeException failed) {
            NamedStop.shutdown(node, nameServer, STOP_BOUND);
            throw failed;
        }
        this.global = new Global(node, nameServer, names.table());
        GlobalNameHook.install(node, global::whereis, global::register, (nodeName, name) -> {
            try {
                return remoteNames.whereis(nodeName, name, Timeouts.DEFAULT_CALL);
            } catch (ClusterException notThere) {
                return null; // {Name, Node} of a node not up: nobody holds it, as far as a client can tell
            }
        });
        // node(), nodes() and erpc:call for the runtime's ClusterNodes (the operator's tools use it), and the lookup of
        // Process.monitor(RegisteredName)
        ClusterViewHook.install(node, endpoint.nodeName(), endpoint::nodes, new RemoteCall(node, endpoint,
                remoteNames, functions));
        ClusterViewHook.installTraffic(node, endpoint::traffic);
        // the node's stop (Node.stop, an application that takes it down, Node.close) ends the membership first: to
        // the others the node is lost, as an Erlang node whose VM halts, and they fail its applications over
        ClusterViewHook.onNodeStop(node, () -> {
            LOG.info("node {} stops: it leaves its cluster first", node.name());
            close();
        });
        this.kernel = KernelWatch.start(node, this::leaveAfterKernelLoss);
        kernel.watch(nameServer, "global name server " + NameServer.NAME);
        kernel.watch(functions.server(), "rpc server " + RemoteFunctions.SERVER);
        kernel.watch(distributed.pid(), "distributed application controller " + DistController.NAME);
    }

    /**
     * Joins {@code node} to the cluster {@code config} names, and returns once it is a member (the first node of a
     * cluster is a member of its own at once). A node joins once; after {@link #close} it may join again.
     *
     * @throws ClusterException if the cluster refused it (a different secret) or it could not join, if this node is
     *     a member of a cluster already, or if {@code config} names another node than {@code node}
     */
    public static Cluster join(Node node, ClusterConfig config) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(config, "config");
        if (!config.nodeName().equals(node.name())) {
            // one name for both: other nodes address this one by it, and its pids carry the local node's
            throw new ClusterException("cannot join as node " + config.nodeName() + ": the local node is named "
                    + node.name() + "; give the configuration the node's own name (ClusterConfig.of(node.name(), "
                    + "secret), or withNodeName(node.name()))");
        }
        String as = "node " + config.nodeName() + " of cluster " + config.clusterName();
        String already = MEMBERS.putIfAbsent(node, as);
        if (already != null) {
            throw new ClusterException("cannot join as " + as + ": this node is already " + already
                    + "; a node joins once (close that Cluster first)");
        }
        try {
            Endpoint e = new Endpoint(node, config.allow(NameWire.classes()).allow(PgWire.class,
                    GlobalNameConflict.class, RemoteNames.Lookup.class));
            DistController distributed;
            try {
                distributed = DistController.start(node, e); // before connecting: no peer's state is missed
            } catch (RuntimeException failed) {
                e.close();
                throw failed;
            }
            try {
                e.connect();
            } catch (RuntimeException failed) {
                distributed.stop();
                throw failed;
            }
            try {
                return new Cluster(node, e, distributed, as);
            } catch (RuntimeException failed) {
                e.close();
                distributed.stop();
                throw failed;
            }
        } catch (RuntimeException failed) {
            MEMBERS.remove(node, as);
            throw failed;
        }
    }

    /** The local node. */
    public Node node() {
        return node;
    }

    /** This node's name in the cluster. */
    public String name() {
        return endpoint.nodeName();
    }

    /**
     * The name of the node {@code pid} lives on: Erlang's {@code node(Pid)}. A pid of this node gives {@link #name()};
     * a remote one, its node's name, whether or not that node is still connected.
     */
    public String nodeOf(Pid pid) {
        return Global.nodeName(Objects.requireNonNull(pid, "pid"));
    }

    /**
     * Takes the connection to a node down on both sides: Erlang's {@code erlang:disconnect_node/1}. Every process
     * linked to one of its processes gets {@code noconnection}, every monitor a {@code Down} with it, every node
     * monitor a {@link NodeDown}, on both nodes, as when a node is lost. The node stays in the cluster's membership,
     * not connected, until {@link #connectNode} is called on either side. Unlike Erlang, a message to it does not
     * connect again by itself: it is dropped, as to a node that is down (docs/distribution.md).
     *
     * @return false if no node of that name is connected
     */
    public boolean disconnectNode(String nodeName) {
        requireOpen("disconnectNode");
        return endpoint.disconnect(Objects.requireNonNull(nodeName, "node name"));
    }

    /**
     * Connects again to a node of the cluster this node is disconnected from: Erlang's
     * {@code net_kernel:connect_node/1}. Both sides see {@link NodeUp}. Waits for the handshake, within the
     * failure-detection timeout, and then for one round trip (5 s at most), so that true means connected on both
     * sides even when the other node had just disconnected from this one.
     *
     * @return true if the node is connected (or was already); false if no member of the cluster has that name, or it
     *     did not answer in time
     */
    public boolean connectNode(String nodeName) {
        requireOpen("connectNode");
        Objects.requireNonNull(nodeName, "node name");
        return nodeName.equals(name()) || connectAndConfirm(nodeName, Timeouts.DEFAULT_CALL);
    }

    /**
     * Connects to a node if this one is not connected to it, then asks it, one round trip. A node connected here may
     * have disconnected from this one a moment ago, its {@code DISCONNECT} still on its way: the round trip then
     * fails as that frame arrives (the node is lost here, and calls in flight to it fail), and the node is connected
     * again and asked again, so that true means connected on both sides, as {@code net_kernel:connect_node/1}'s
     * does.
     *
     * @return false if no member has that name, it did not connect, or it did not answer within {@code timeout}
     */
    private boolean connectAndConfirm(String nodeName, Duration timeout) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (endpoint.connected(nodeName) == null && !endpoint.reconnect(nodeName)) {
                return false;
            }
            try {
                remoteNames.whereis(nodeName, RemoteFunctions.SERVER, timeout);
                return true;
            } catch (ClusterException lostOrSlow) {
                if (endpoint.connected(nodeName) != null) {
                    return false; // still connected: slow, not disconnected
                }
            }
        }
        return false;
    }

    /**
     * Whether a node answers: Erlang's {@code net_adm:ping/1}, {@code pong} as true and {@code pang} as false. A
     * member this node is disconnected from ({@link #disconnectNode}) is connected again first, as Erlang's ping
     * connects; then the node is asked, one round trip, within {@code timeout}. This node's own name answers true.
     * It never throws for a node that is down, unknown or slow: that is {@code pang}.
     *
     * <p>Unlike Erlang's, a ping does not add a node to the cluster: nodes join through the configuration's initial
     * members (docs/distribution.md).
     */
    public boolean ping(String nodeName, Duration timeout) {
        requireOpen("ping");
        Objects.requireNonNull(nodeName, "node name");
        checkTimeout(timeout);
        if (timeout.isZero()) {
            throw new IllegalArgumentException("a ping needs a timeout above zero: it waits for one round trip");
        }
        return nodeName.equals(name()) || connectAndConfirm(nodeName, timeout);
    }

    /** {@link #ping(String, Duration)} within 5 s, the default call timeout. */
    public boolean ping(String nodeName) {
        return ping(nodeName, Timeouts.DEFAULT_CALL);
    }

    /** The other nodes connected now, by name, sorted: Erlang's {@code nodes()}. */
    public List<String> nodes() {
        return endpoint.nodes();
    }

    /**
     * Sends a message to the process registered as {@code name} on node {@code nodeName}: {@code {Name, Node} ! Msg}.
     * As in Erlang, nothing happens if the node is not connected or nobody there holds the name; to this node's own
     * name, it is a local send by name, which fails for a name nobody holds ({@code {Name, node()} ! Msg} is
     * {@code badarg} there).
     *
     * @throws ClassNotAllowedException if the message's class is not on the allow-list
     * @throws MessageTooLargeException if it is larger than the configured limit
     * @throws io.loomotp.runtime.NoProcessException if {@code nodeName} is this node's and nobody here holds the name
     */
    public void send(String nodeName, String name, Object message) {
        requireOpen("send");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        if (nodeName.equals(node.name())) {
            Process.send(node, name, message);
            return;
        }
        Pid from = Process.isProcess() ? Process.self() : node.systemPid();
        endpoint.sendNamed(from, nodeName, name, message, false);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Servers registered by local name on other nodes: gen_server's {Name, Node}

    /**
     * The pid registered as {@code name} on node {@code nodeName} (a local name there, as {@code Node.register}
     * makes), or null if nobody there holds it: {@code rpc:call(Node, erlang, whereis, [Name])}. One round trip, and
     * at most 5 s; this node's own name looks locally.
     *
     * @throws ClusterException if the node is not connected, is lost before it answers, or does not answer in 5 s
     */
    public Pid whereis(String nodeName, String name) {
        requireOpen("whereis");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        if (nodeName.equals(name())) {
            return node.whereis(name);
        }
        return remoteNames.whereis(nodeName, name, Timeouts.DEFAULT_CALL);
    }

    /**
     * Calls the server registered as {@code name} on node {@code nodeName}: {@code gen_server:call({Name, Node},
     * Request, Timeout)}. As in Erlang, the call goes to the name, which that node looks up as the call arrives: one
     * round trip, with a call's outcomes.
     *
     * @throws NoProcessException if nobody there holds the name
     * @throws io.loomotp.runtime.CallTimeoutException if no reply came in time
     * @throws io.loomotp.runtime.ProcessExitException if the server ended (its pid and reason), or its node was lost
     *     before it replied or is not connected ({@code noconnection}, with {@code name()} the name called; OTP's
     *     {@code gen} exits {@code {nodedown, Node}} in both cases)
     */
    public Object call(String nodeName, String name, Object request, Duration timeout) {
        requireOpen("call");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request must not be null");
        checkTimeout(timeout);
        if (nodeName.equals(name())) {
            Pid pid = node.whereis(name);
            if (pid == null) {
                throw new NoProcessException(name + " on node " + nodeName, "call " + request);
            }
            return GenServer.call(pid, request, timeout);
        }
        RemoteNode there = endpoint.connected(nodeName);
        if (there == null) {
            throw ProcessName.notConnected(name, nodeName, "call " + request);
        }
        return LocalEnd.of(node).callNamed(there, name, request, timeout);
    }

    /**
     * Casts to the server registered as {@code name} on node {@code nodeName}: {@code gen_server:cast({Name, Node},
     * Msg)}. Returns at once; dropped if the node is not connected or nobody there holds the name, as in OTP. Casts
     * from one process to one node arrive in the order sent, with its messages.
     *
     * @throws ClassNotAllowedException if the message's class is not on the allow-list
     */
    public void cast(String nodeName, String name, Object message) {
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        Pid from = Process.isProcess() ? Process.self() : node.systemPid();
        endpoint.sendNamed(from, nodeName, name, message, true);
    }

    /** Casts to {@code name} on each node named: {@code gen_server:abcast(Nodes, Name, Msg)}; see {@link #cast}. */
    public void abcast(Collection<String> nodes, String name, Object message) {
        for (String n : List.copyOf(Objects.requireNonNull(nodes, "nodes"))) {
            cast(n, name, message);
        }
    }

    /** Casts to {@code name} on this node and every node connected: {@code gen_server:abcast(Name, Msg)}. */
    public void abcast(String name, Object message) {
        abcast(everyNode(), name, message);
    }

    /**
     * Calls the server registered as {@code name} on each node named, all at once, and waits up to {@code timeout} in
     * all: {@code gen_server:multi_call(Nodes, Name, Request, Timeout)}. A node whose server did not reply (not
     * connected, lost, nobody registered there, the server ended, or too late) is among the bad nodes; a late reply
     * is dropped.
     *
     * @throws IllegalArgumentException if the timeout is negative or infinite (a multi-call always ends)
     */
    public MultiCallResult multiCall(Collection<String> nodes, String name, Object request, Duration timeout) {
        List<String> named = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a multi-call's timeout must not be negative: " + timeout);
        }
        requireFinite(timeout);
        return remoteNames.multiCall(named, name, request, timeout);
    }

    /** {@code gen_server:multi_call(Name, Request)}: this node and every node connected, within 5 s. */
    public MultiCallResult multiCall(String name, Object request) {
        return multiCall(everyNode(), name, request, Timeouts.DEFAULT_CALL);
    }

    private List<String> everyNode() {
        List<String> all = new ArrayList<>(nodes());
        all.add(name());
        return all;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Spawning on another node

    /**
     * Offers {@code spawnable} to the other nodes' {@link #spawn}s under {@code name}, replacing any with that name:
     * the JVM's stand-in for a module both Erlang nodes have loaded (see {@link Spawnable}).
     *
     * @throws IllegalArgumentException if {@code name} starts with {@value #RESERVED}: those are Loom OTP's own
     */
    public void registerSpawnable(String name, Spawnable spawnable) {
        endpoint.registerSpawnable(unreserved(name, "spawnable"), Objects.requireNonNull(spawnable, "spawnable"));
    }

    /**
     * Withdraws a spawnable; false if none had that name. Processes already spawned from it live on.
     *
     * @throws IllegalArgumentException if {@code name} starts with {@value #RESERVED}
     */
    public boolean unregisterSpawnable(String name) {
        return endpoint.unregisterSpawnable(unreserved(name, "spawnable"));
    }

    private static String unreserved(String name, String what) {
        Objects.requireNonNull(name, "name");
        if (name.startsWith(RESERVED)) {
            throw new IllegalArgumentException("the " + what + " name '" + name + "' starts with '" + RESERVED
                    + "', which Loom OTP keeps for its own (the operator's tools use them); choose another name");
        }
        return name;
    }

    /**
     * Spawns a process on node {@code nodeName} running the body its spawnable {@code name} makes of
     * {@code argument}, and returns its pid: Erlang's {@code spawn(Node, M, F, A)}. This node's own name spawns here,
     * from this node's spawnables, as {@code spawn(node(), M, F, A)} does.
     *
     * <p>A node that is not connected, or is lost before it answers, gives what Erlang gives: a pid there that names
     * no process (a message to it is dropped; {@link #spawnLink} then gets {@code noconnection}, {@link #spawnMonitor}
     * a {@code Down} with it).
     *
     * @throws ClusterException if the node has no spawnable of that name, or its spawnable threw (Erlang returns a
     *     pid here that exits at once; see docs/distribution.md)
     * @throws ClassNotAllowedException if the argument's class is not on the allow-list
     */
    public Pid spawn(String nodeName, String name, Object argument) {
        requireOpen("spawn");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        if (nodeName.equals(name())) { // spawn(node(), M, F, A): here
            return node.spawn(endpoint.localSpawnable(name, argument));
        }
        Pid self = Process.isProcess() ? Process.self() : node.systemPid();
        return endpoint.spawn(self, nodeName, name, argument, false, null);
    }

    /**
     * {@link #spawn}, linked to the calling process before the child runs: Erlang's {@code spawn_link/4}.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public Pid spawnLink(String nodeName, String name, Object argument) {
        requireOpen("spawnLink");
        Pid self = callerProcess("spawnLink");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        if (nodeName.equals(name())) {
            return Process.spawnLink(endpoint.localSpawnable(name, argument));
        }
        return endpoint.spawn(self, nodeName, name, argument, true, null);
    }

    /**
     * {@link #spawn}, monitored by the calling process before the child runs: Erlang's {@code spawn_monitor/4}.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public Process.Spawned spawnMonitor(String nodeName, String name, Object argument) {
        requireOpen("spawnMonitor");
        Pid self = callerProcess("spawnMonitor");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(name, "name");
        if (nodeName.equals(name())) {
            return Process.spawnMonitor(endpoint.localSpawnable(name, argument));
        }
        MonitorRef ref = MonitorRef.make();
        Pid pid = endpoint.spawn(self, nodeName, name, argument, false, ref);
        return new Process.Spawned(pid, ref);
    }

    private static Pid callerProcess(String what) {
        if (!Process.isProcess()) {
            throw new IllegalStateException("Cluster." + what + " links or monitors the caller, so it must be called "
                    + "from a process; use spawn from a thread that is no process");
        }
        return Process.self();
    }

    private static Pid callerProcess(String what, String instead) {
        if (!Process.isProcess()) {
            throw new IllegalStateException("Cluster." + what + " acts for the calling process, so it must be called "
                    + "from a process; from a thread that is no process, use " + instead);
        }
        return Process.self();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Functions applied on another node: erpc and rpc

    /**
     * Offers {@code function} to the other nodes' {@link #rpc}s under {@code name}, replacing any with that name: the
     * JVM's stand-in for a function both Erlang nodes have loaded (see {@link RemoteFunction}).
     *
     * @throws IllegalArgumentException if {@code name} starts with {@value #RESERVED}: those are Loom OTP's own
     */
    public void registerFunction(String name, RemoteFunction function) {
        functions.register(unreserved(name, "function"), Objects.requireNonNull(function, "function"));
    }

    /**
     * Withdraws a function; false if none had that name. Applications under way finish.
     *
     * @throws IllegalArgumentException if {@code name} starts with {@value #RESERVED}
     */
    public boolean unregisterFunction(String name) {
        return functions.unregister(unreserved(name, "function"));
    }

    /**
     * Applies the function node {@code nodeName} registered as {@code function} to {@code argument}, in a new process
     * there, and returns its result: {@code erpc:call(Node, M, F, A, Timeout)}. This node's own name applies it here,
     * in a new process too. A late answer is dropped.
     *
     * @param argument an allowed class, or null for none; a record or a list for several values
     * @param timeout how long to wait for the answer; {@code Timeouts.INFINITY} waits as long as the node is up
     * @throws RemoteCrashException if the function threw (its class and message; erpc's {@code error({exception,
     *     Reason, Stack})}), or its result could not cross back
     * @throws NodeDownException if the node is not connected or is lost before it answers ({@code {badrpc,
     *     nodedown}}, {@code {erpc, noconnection}})
     * @throws UndefinedFunctionException if it has no function of that name (OTP's {@code undef}; the message lists
     *     the names it has)
     * @throws ClusterException if its rpc server ended meanwhile (the node is leaving its cluster)
     * @throws RemoteExitException (a {@link io.loomotp.runtime.ProcessExitException}) if the process applying it ended
     *     without answering, with its reason; {@link RemoteExitException#raised()} tells the function's own
     *     {@code Process.exit} (erpc's {@code exit({exception, Reason})}) from an exit signal that ended it (erpc's
     *     {@code exit({signal, Reason})})
     * @throws io.loomotp.runtime.CallTimeoutException if no answer came within {@code timeout}; the function may or
     *     may not have been applied, as with erpc's {@code {erpc, timeout}}
     * @throws ClassNotAllowedException if the argument's class is not on the allow-list
     */
    public Object rpc(String nodeName, String function, Object argument, Duration timeout) {
        requireOpen("rpc");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(function, "function");
        checkTimeout(timeout);
        return functions.apply(nodeName, function, argument, timeout);
    }

    /**
     * {@link #rpc(String, String, Object, Duration)} without waiting for it: {@code rpc:async_call/4} (and
     * {@code erpc:send_request/4}), whose {@code rpc:yield/1} is the future's {@code join()}. The call is made at once,
     * on a virtual thread of its own; the future completes with its result, or exceptionally with what
     * {@link #rpc} would have thrown. The argument is checked against the allow-list before this returns.
     *
     * @throws ClassNotAllowedException if the argument's class is not on the allow-list
     */
    public CompletableFuture<Object> rpcAsync(String nodeName, String function,
                                                                  Object argument, Duration timeout) {
        requireOpen("rpcAsync");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(function, "function");
        checkTimeout(timeout);
        return functions.applyAsync(nodeName, function, argument, timeout);
    }

    /** {@link #rpc(String, String, Object, Duration)} within the default call timeout, 5 s. */
    public Object rpc(String nodeName, String function, Object argument) {
        return rpc(nodeName, function, argument, Timeouts.DEFAULT_CALL);
    }

    /**
     * Applies {@code function} to {@code argument} on {@code nodeName} and does not wait: {@code erpc:cast/4}
     * ({@code rpc:cast/4}). It is applied in a process of its own there; its result goes nowhere, and a failure (the
     * function threw, or there is none of that name) is logged on that node. Like a cast, it is silently dropped if
     * the node is not connected.
     *
     * @throws ClassNotAllowedException if {@code argument} is of a class not on this cluster's allow-list
     */
    public void rpcCast(String nodeName, String function, Object argument) {
        requireOpen("rpcCast");
        Objects.requireNonNull(nodeName, "node name");
        Objects.requireNonNull(function, "function");
        functions.cast(nodeName, function, argument);
    }

    /**
     * Applies {@code function} on each node named, all at once, waiting up to {@code timeout} in all:
     * {@code rpc:multicall(Nodes, M, F, A, Timeout)}. A node that gave no answer (not connected, lost, or too late)
     * is among the bad nodes. A node that answered with a failure has it among the replies, as OTP's results hold
     * {@code {badrpc, Reason}}: the function threw ({@link RemoteCrashException}), the process applying it exited
     * ({@link RemoteExitException}), or the node has no function of that name
     * ({@link ClusterException}, OTP's {@code undef}). Each node named once is asked once: the replies are by node.
     *
     * @throws IllegalArgumentException if the timeout is negative or infinite (a multi-call always ends)
     */
    public MultiCallResult multiRpc(Collection<String> nodes, String function, Object argument, Duration timeout) {
        requireOpen("multiRpc");
        List<String> named = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        Objects.requireNonNull(function, "function");
        checkTimeout(timeout);
        requireFinite(timeout);
        return functions.multi(named, function, argument, timeout);
    }

    /** A multi-call always ends: OTP's {@code infinity} would wait for ever on a node that never answers. */
    private static void requireFinite(Duration timeout) {
        if (timeout.compareTo(Timeouts.INFINITY) >= 0) {
            throw new IllegalArgumentException("a multi-call's timeout must be finite, not Timeouts.INFINITY: it "
                    + "always ends, with the nodes that did not answer in time among the bad nodes (give one such as "
                    + "Duration.ofSeconds(30))");
        }
    }

    /** {@code rpc:multicall(M, F, A)}: this node and every node connected, within 5 s. */
    public MultiCallResult multiRpc(String function, Object argument) {
        return multiRpc(everyNode(), function, argument, Timeouts.DEFAULT_CALL);
    }

    private static void checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null: use Timeouts.INFINITY");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /**
     * Monitors a node for the calling process: Erlang's {@code monitor_node(Node, true)}. It receives one
     * {@link NodeDown} when the node is lost, at once if it is not connected now.
     */
    public void monitorNode(String nodeName) {
        monitorNode(nodeName, callerProcess("monitorNode", "monitorNode(nodeName, subscriber)"));
    }

    /**
     * Removes one of the calling process's node monitors: {@code monitor_node(Node, false)}.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public void demonitorNode(String nodeName) {
        demonitorNode(nodeName, callerProcess("demonitorNode", "demonitorNode(nodeName, subscriber)"));
    }

    /** Monitors a node on behalf of {@code subscriber}; see {@link #monitorNode(String)}. */
    public void monitorNode(String nodeName, Pid subscriber) {
        requireOpen("monitorNode");
        endpoint.monitorNode(Objects.requireNonNull(nodeName, "node name"), Objects.requireNonNull(subscriber));
    }

    /** Removes one node monitor: {@code monitor_node(Node, false)}. */
    public void demonitorNode(String nodeName, Pid subscriber) {
        endpoint.demonitorNode(Objects.requireNonNull(nodeName, "node name"), Objects.requireNonNull(subscriber,
                "subscriber"));
    }

    /**
     * Subscribes (or unsubscribes) a process to {@link NodeUp} and {@link NodeDown} for every node:
     * {@code net_kernel:monitor_nodes(true | false)}.
     */
    public void monitorNodes(Pid subscriber, boolean on) {
        monitorNodes(subscriber, on, new NodeMonitorOption[0]);
    }

    /**
     * {@code net_kernel:monitor_nodes(true | false, Options)}: as {@link #monitorNodes(Pid, boolean)}, with options.
     * With {@link NodeMonitorOption#NODEDOWN_REASON} a lost node is told as {@link NodeDownInfo}, which says why,
     * instead of {@link NodeDown}. Subscriptions with different options are apart, as OTP's: {@code false} ends the
     * subscriber's subscriptions made with the same options only (with {@code NODEDOWN_REASON}, or without options).
     * No options at all is the two-argument form.
     */
    public void monitorNodes(Pid subscriber, boolean on, NodeMonitorOption... options) {
        if (on) {
            requireOpen("monitorNodes"); // ending a subscription after the close is a no-op, as demonitorNode is
        }
        Objects.requireNonNull(subscriber, "subscriber");
        boolean reasons = false;
        for (NodeMonitorOption o : Objects.requireNonNull(options, "options")) {
            switch (Objects.requireNonNull(o, "a node monitor option")) {
                case NODEDOWN_REASON -> reasons = true;
            }
        }
        endpoint.monitorNodes(subscriber, on, reasons);
    }

    /**
     * The global names of the cluster: OTP's {@code global}, whose name server every node runs from its join.
     *
     * @throws IllegalStateException if this membership has been closed
     */
    public Global global() {
        requireOpen("global()");
        return global;
    }

    /** True once {@link #close} has run (by a call, or after one of the cluster's own processes ended). */
    public boolean isClosed() {
        return closed;
    }

    private void requireOpen(String what) {
        if (closed) {
            throw new IllegalStateException("Cluster." + what + ": this membership (" + membership + ") has been "
                    + "closed (Cluster.close, or one of the cluster's processes ended); join again with Cluster.join "
                    + "and use the new Cluster");
        }
    }

    /** The default scope of process groups, {@value Pg#DEFAULT_SCOPE}, started on this node at the first call. */
    public Pg pg() {
        return pg(Pg.DEFAULT_SCOPE);
    }

    /**
     * A scope of process groups, started on this node at the first call for it: {@code pg:start_link(Scope)}. Its
     * groups are shared with the nodes that run the same scope; its server is registered locally under the scope's
     * name, as in OTP.
     *
     * @throws io.loomotp.runtime.AlreadyRegisteredException if another process of this node holds that name
     */
    public Pg pg(String scope) {
        Objects.requireNonNull(scope, "scope");
        requireOpen("pg(" + scope + ")");
        return scopes.computeIfAbsent(scope, s -> {
            ScopeServer server = new ScopeServer(endpoint, s);
            Pid pid = kernel.spawn(server::run, SpawnOptions.defaults().withName(s), "pg scope " + s);
            return new Pg(s, node, pid, server.members(), server.localMembers());
        });
    }

    /**
     * Leaves the cluster. To this node every other node is lost (links get {@code noconnection}, node monitors
     * {@code NodeDown}), and to them this one is. The local node keeps running, but not the distributed applications
     * that ran here: the other nodes take them over, and one that kept running here would run twice.
     *
     * <p>A node also leaves its cluster by itself, with an error logged, when one of the cluster's own processes on it
     * ends (the global name server, {@code rex}, the distributed application controller, a pg scope): OTP's kernel_sup
     * takes the node down then.
     */
    @Override
    public synchronized void close() {
        closed = true;
        Set<String> apps = distributed.runningHere(); // before the controller stops: they stop here, below
        kernel.stop(STOP_BOUND); // first: the processes stopped below are not a loss
        GlobalNameHook.uninstall(node);
        ClusterViewHook.uninstall(node);
        endpoint.close();
        // each returns once its process has ended, so that a join right after this finds the names free
        NamedStop.shutdown(node, nameServer, STOP_BOUND);
        NamedStop.shutdown(node, functions.server(), STOP_BOUND);
        for (Pg scope : scopes.values()) {
            NamedStop.shutdown(node, scope.server(), STOP_BOUND);
        }
        distributed.stop();
        synchronized (MEMBERS) { // a second close, after the node joined again, leaves the new membership alone
            if (MEMBERS.get(node) == membership) {
                MEMBERS.remove(node);
            }
        }
        // to the other nodes this one is lost, and they take its distributed applications over: one that kept
        // running here would run twice (OTP's node goes down with its applications)
        for (String app : apps) {
            if (Applications.stop(node, app)) {
                LOG.info("node {}: distributed application {} stopped here, since the node left its cluster; the "
                        + "other nodes take it over", node.name(), app);
            }
        }
    }

    /**
     * After one of the cluster's own processes ended ({@link KernelWatch}): leaves, which stops the distributed
     * applications that ran here. OTP's node halts then, and its applications with it, while the other nodes take
     * them over; one that kept running here would run twice.
     */
    private void leaveAfterKernelLoss() {
        close(); // stops the distributed applications that ran here too
    }

    /** This node's distributed application controller; see {@link DistributedApplications}. */
    DistController distributed() {
        return distributed;
    }

    /** The endpoint behind this membership: for this package's tests (a partition made on the JGroups stack). */
    Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return "Cluster[" + name() + ", nodes=" + nodes() + "]";
    }
}
