package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.MultiCallResult;
import io.loomotp.cluster.NodeDownException;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.cluster.RemoteExitException;
import io.loomotp.cluster.RemoteFunction;
import io.loomotp.cluster.UndefinedFunctionException;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.OwnExits;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Functions applied on other nodes: {@code erpc:call/5} and {@code rpc:multicall/5}, for the functions a node
 * registered ({@link RemoteFunction}).
 *
 * <p>Every node runs an rpc server registered as {@value #SERVER}, as OTP's {@code rpc} module has its {@code rex}.
 * An rpc is a call of that server: {@code [function]} or {@code [function, argument]}. The server spawns a process,
 * monitored, that applies the function and replies through the call's {@link From} itself, then ends; the server
 * answers for it only if it ends without answering. So an rpc is one round trip with a call's outcomes (a lost node
 * ends it at once, a late answer is dropped and never reaches the caller's mailbox), and the function still runs in a
 * process of its own, as erpc's does. The answers: {@code ["ok"]} (null), {@code ["ok", value]},
 * {@code ["error", className(, message), frames]} (frames: up to 32 of the exception's, as text),
 * {@code ["exit", pid, reason]} (an exit signal ended the process: erpc's {@code {signal, Reason}}),
 * {@code ["exit", pid, reason, "raised"]} (the function ended it: erpc's {@code {exception, Reason}}),
 * {@code ["none", why]}.
 *
 * <p>Why a server rather than erpc's spawn request from a short-lived asking process (the design before 2026-12-04):
 * that made four processes wait for a thread in each rpc, where a call has two, and the rpc's median on loopback was
 * 2-3 times a call's ({@code bin/bench cluster}'s {@code cluster-rpc-p50}; figures in docs/benchmarks.md).
 *
 * <p>Threading: any thread may register, unregister and ask. The server's state is its own process's.
 */
public final class RemoteFunctions {
    /** The registered name of every node's rpc server (OTP's {@code rex}). */
    public static final String SERVER = "rex";

    private final Node node;
    private final Endpoint endpoint;
    private final RemoteNames names;
    private final Map<String, RemoteFunction> functions = new ConcurrentHashMap<>();
    private final Pid server;

    /**
     * Starts this node's rpc server.
     *
     * @throws ClusterException if a process of the user's holds its name
     */
    public RemoteFunctions(Node node, Endpoint endpoint, RemoteNames names) {
        this.node = node;
        this.endpoint = endpoint;
        this.names = names;
        try {
            this.server = GenServer.start(node, new Server(), HashMap::new,
                    StartOptions.defaults().withName(SERVER));
        } catch (io.loomotp.runtime.AlreadyRegisteredException taken) {
            throw new ClusterException("cannot start node " + endpoint.nodeName() + "'s rpc server: "
                    + taken.getMessage(), taken);
        }
    }

    /** The rpc server's pid, for the cluster's close. */
    public Pid server() {
        return server;
    }

    public void register(String name, RemoteFunction function) {
        functions.put(name, function);
    }

    public boolean unregister(String name) {
        return functions.remove(name) != null;
    }

    /**
     * Applies {@code function} to {@code argument} on {@code nodeName} (this node's own name applies it here, in a new
     * process too) and returns its result.
     *
     * @throws RemoteCrashException if the function threw, or its result could not cross back
     * @throws ClusterException if the node is not connected or is lost before it answers, or has no such function
     * @throws RemoteExitException if the process applying it ended without an answer (an exit signal, or the
     *     function's own {@code Process.exit}: {@link RemoteExitException#raised()} says which)
     * @throws CallTimeoutException if no answer came within {@code timeout}
     */
    public Object apply(String nodeName, String function, Object argument, Duration timeout) {
        List<Object> request = request(function, argument);
        boolean here = nodeName.equals(endpoint.nodeName());
        RemoteNode there = here ? null : endpoint.connected(nodeName);
        if (!here && there == null) {
            throw new NodeDownException(nodeName, "cannot apply '" + function + "' on node " + nodeName + ": it is "
                    + "not connected (nodes() lists the nodes connected)", null);
        }
        Object answer;
        try {
            answer = here ? GenServer.call(server, request, timeout)
                    : LocalEnd.of(node).callNamed(there, SERVER, request, timeout);
        } catch (CallTimeoutException late) {
            throw new CallTimeoutException("rpc '" + function + "' on node " + nodeName, timeout);
        } catch (ProcessExitException | NoProcessException e) { // the server's end: the function's comes as an answer
            throw serverGone(nodeName, "rpc '" + function + "'", e);
        } catch (ClassNotAllowedException e) {
            if (!e.onReceipt()) {
                throw e; // the argument, refused before anything was sent
            }
            throw new RemoteCrashException(e.getClass().getName(), e.getMessage()); // the result, refused here
        }
        return outcome(nodeName, function, answer);
    }

    /**
     * Why a call of node {@code nodeName}'s rpc server got no answer, for the call of {@code what}: its node was lost,
     * or the server ended or was never there.
     */
    static ClusterException serverGone(String nodeName, String what, RuntimeException e) {
        if (e instanceof ProcessExitException exit) {
            if (exit.reason() instanceof ExitReason.NoConnection) {
                return new NodeDownException(nodeName, "lost node " + nodeName + " before " + what + " was answered",
                        e);
            }
            return new ClusterException("node " + nodeName + "'s rpc server ended before " + what + " was answered: "
                    + exit.reason(), e);
        }
        return new ClusterException("node " + nodeName + " runs no rpc server (rex): it is leaving its cluster, or "
                + "rex was stopped", e);
    }

    /** What an answer means for the caller: the value, or the exception it stands for. */
    private static Object outcome(String nodeName, String function, Object answer) {
        if (!(answer instanceof List<?> a && !a.isEmpty() && a.get(0) instanceof String kind)) {
            throw new IllegalStateException("node " + nodeName + "'s rpc server answered " + answer);
        }
        return switch (kind) {
            case "ok" -> a.size() == 2 ? a.get(1) : null;
            case "error" -> throw new RemoteCrashException((String) a.get(1),
                    a.size() > 2 && a.get(2) instanceof String m ? m : null, frames(a.getLast()), nodeName);
            case "exit" -> {
                boolean raised = a.size() > 3 && RAISED.equals(a.get(3)); // an earlier version's answer has three
                throw new RemoteExitException((Pid) a.get(1), (ExitReason) a.get(2), raised, nodeName, "rpc '"
                        + function + "' on node " + nodeName + ": the process applying it, " + a.get(1) + ", "
                        + (raised ? "exited: " : "was ended by an exit signal: ") + a.get(2));
            }
            case "none" -> throw new UndefinedFunctionException(nodeName, function, (String) a.get(1));
            default -> throw new IllegalStateException("node " + nodeName + "'s rpc server answered " + answer);
        };
    }

    /**
     * Applies {@code function} on every node named, all at once, within one timeout: {@code rpc:multicall/5}. A node
     * that gave no answer (not connected, lost, too late) is among the bad nodes, as {@code rpc.erl}'s
     * {@code rpcmulticallify} counts only {@code {erpc, noconnection | timeout}} there; a node that answered with a
     * failure has it among the results, as OTP's {@code {badrpc, Reason}}: the function threw
     * ({@link RemoteCrashException}), its process exited ({@link ProcessExitException}), or it has no function of that
     * name ({@link ClusterException}, OTP's {@code undef}).
     */
    public MultiCallResult multi(Collection<String> nodes, String function, Object argument, Duration timeout) {
        List<Object> request = request(function, argument);
        if (argument != null) {
            endpoint.frame(w -> w.object(argument), argument); // the caller's mistake, the same for every node
        }
        MultiCallResult asked = names.multiCall(nodes, SERVER, request, timeout);
        Map<String, Object> replies = new TreeMap<>();
        TreeSet<String> bad = new TreeSet<>(asked.badNodes());
        asked.replies().forEach((n, answer) -> {
            try {
                replies.put(n, outcome(n, function, answer));
            } catch (RemoteCrashException | ProcessExitException | ClusterException failed) {
                replies.put(n, failed); // the node answered: rpc's {badrpc, _} among the results, not a bad node
            } catch (IllegalStateException garbled) {
                bad.add(n);
            }
        });
        return new MultiCallResult(replies, List.copyOf(bad));
    }

    /** The names of the functions registered here, less Loom OTP's own ({@code loomotp.}), for an error message. */
    private TreeSet<String> usersFunctions() {
        TreeSet<String> names = new TreeSet<>(functions.keySet());
        names.removeIf(n -> n.startsWith("loomotp."));
        return names;
    }

    /**
     * {@link #apply} on a virtual thread of its own: {@code rpc:async_call/4}. An argument that cannot cross is the
     * caller's mistake, thrown here rather than put in the future.
     */
    public CompletableFuture<Object> applyAsync(String nodeName, String function,
                                                                    Object argument, Duration timeout) {
        if (argument != null) {
            endpoint.frame(w -> w.object(argument), argument);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread.ofVirtual().name("rpc-async-" + nodeName + "-" + function).start(() -> {
            try {
                result.complete(apply(nodeName, function, argument, timeout));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * The fourth element of an {@code exit} answer whose function ended its own process; an {@code exit} answer with
     * three is a signal's (the rpc server's, from the applying process's {@code Down}).
     */
    private static final String RAISED = "raised";

    /** At most this many of a remote exception's frames cross back. */
    private static final int FRAMES = 32;

    private static List<Object> crash(Throwable e) {
        String cls = e.getClass().getName();
        // a function that failed on an rpc of its own: its class stays the wrapper's, as OTP nests {exception, ...}
        // in {exception, ...}, and the message says what the inner call threw where (its toString)
        String message = e instanceof RemoteCrashException inner ? inner.toString() : e.getMessage();
        List<String> frames = new java.util.ArrayList<>();
        for (StackTraceElement f : e.getStackTrace()) {
            if (frames.size() == FRAMES) {
                break;
            }
            frames.add(f.getClassName() + "\t" + f.getMethodName() + "\t" + f.getFileName() + "\t" + f.getLineNumber());
        }
        List<String> stack = List.copyOf(frames);
        return message == null ? List.of("error", cls, stack) : List.of("error", cls, message, stack);
    }

    /** The remote frames of an {@code error} answer ({@link #crash}), or none from a node that sent none. */
    private static List<StackTraceElement> frames(Object last) {
        if (!(last instanceof List<?> l)) {
            return List.of();
        }
        List<StackTraceElement> out = new java.util.ArrayList<>();
        for (Object o : l) {
            String[] p = String.valueOf(o).split("\t", -1);
            if (p.length == 4) {
                int line;
                try {
                    line = Integer.parseInt(p[3]);
                } catch (NumberFormatException bad) {
                    line = -1;
                }
                out.add(new StackTraceElement(p[0], p[1], p[2].equals("null") ? null : p[2], line));
            }
        }
        return out;
    }

    /**
     * Applies {@code function} on {@code nodeName} without waiting ({@code erpc:cast/4}): a cast of the node's rpc
     * server, dropped if the node is not connected, as a cast is.
     */
    public void cast(String nodeName, String function, Object argument) {
        List<Object> request = request(function, argument);
        if (nodeName.equals(endpoint.nodeName())) {
            GenServer.cast(server, request);
        } else {
            endpoint.sendNamed(Process.isProcess() ? Process.self() : node.systemPid(), nodeName, SERVER, request,
                    true);
        }
    }

    /** What the rpc server is sent: {@code [function]} or {@code [function, argument]}. */
    private static List<Object> request(String function, Object argument) {
        return argument == null ? List.of(function) : List.of(function, argument);
    }

    /** A request the rpc server takes: a function's name and its argument (null if none). */
    private record Ask(String function, Object argument) {
        /** The request {@code message} makes, or null if it is none ({@link #request}'s shape). */
        static Ask of(Object message) {
            return message instanceof List<?> q && (q.size() == 1 || q.size() == 2) && q.get(0) instanceof String name
                    ? new Ask(name, q.size() == 2 ? q.get(1) : null) : null;
        }
    }

    /** The rpc server: its state is the callers of the processes applying functions now, by their monitors. */
    private final class Server implements ServerCallbacks<Map<MonitorRef, From>> {
        @Override
        public Object handleCall(Map<MonitorRef, From> applying, Object request, From from) {
            if (request instanceof RemoteNames.Lookup(String registered)) {
                return node.whereis(registered); // erlang:whereis/1, answered here: no process needed
            }
            Ask ask = Ask.of(request);
            if (ask == null) {
                // someone's own call of rex: answered, never a crash, so the node keeps its rpc server
                return List.of("none", "node " + endpoint.nodeName() + "'s rpc server takes [function(, argument)] "
                        + "(Cluster.rpc makes it), not " + request);
            }
            String name = ask.function();
            RemoteFunction function = functions.get(name);
            if (function == null) {
                return List.of("none", "node " + endpoint.nodeName() + " has no function '" + name + "' (it has "
                        + usersFunctions() + "); register it there with Cluster.registerFunction");
            }
            Object argument = ask.argument();
            boolean remote = !Node.isLocal(from.pid());
            Process.Spawned s = Process.spawnMonitor(() -> {
                Object answer;
                try {
                    Object result = function.apply(argument);
                    if (remote && result != null) {
                        endpoint.frame(w -> w.object(result), result); // a result that cannot cross is a crash
                    }
                    answer = result == null ? List.of("ok") : List.of("ok", result);
                } catch (Exception | LinkageError | AssertionError e) {
                    answer = crash(e); // erpc's {exception, Reason, Stack}, whatever the function threw
                } catch (Error e) {
                    ExitReason own = OwnExits.raised(e);
                    if (own != null) { // erpc's {exception, Reason} of exit/1: said before the process ends
                        from.reply(List.of("exit", Process.self(), own, RAISED));
                    }
                    throw e; // it ends its process, as it would have; rex's Down answers for a signal's end
                }
                from.reply(answer);
            });
            applying.put(s.ref(), from);
            return NO_REPLY;
        }

        /**
         * An rpc cast ({@code erpc:cast/4}): {@code [function(, argument)]}, applied in a process of its own whose
         * result goes nowhere. A function that throws, or is not there, is logged here, on its node, as OTP's spawned
         * process's crash report is: the caster has moved on.
         */
        @Override
        public void handleCast(Map<MonitorRef, From> applying, Object message) {
            Ask ask = Ask.of(message);
            if (ask == null) {
                Endpoint.LOG.warn("rpc server on node {} dropped a cast it does not take: {}", endpoint.nodeName(),
                        message);
                return;
            }
            String name = ask.function();
            RemoteFunction function = functions.get(name);
            if (function == null) {
                Endpoint.LOG.error("rpc cast on node {}: no function '{}' (it has {})", endpoint.nodeName(), name,
                        usersFunctions());
                return;
            }
            Object argument = ask.argument();
            Process.spawn(() -> {
                try {
                    function.apply(argument);
                } catch (Exception e) {
                    Endpoint.LOG.error("rpc cast of '{}' on node {} failed: {}", name, endpoint.nodeName(),
                            e.toString());
                }
            });
        }

        @Override
        public boolean handleInfo(Map<MonitorRef, From> applying, Object message) {
            if (!(message instanceof Down d)) {
                return false;
            }
            From from = applying.remove(d.ref());
            if (from != null) { // a no-op if its process answered first, as it does when it ends normally
                from.reply(List.of("exit", d.pid(), d.reason()));
            }
            return true;
        }
    }
}
