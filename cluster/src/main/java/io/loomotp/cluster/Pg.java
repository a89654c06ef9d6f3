package io.loomotp.cluster;

import io.loomotp.cluster.internal.ScopeServer;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.RemotePid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One scope of process groups on this node: OTP's {@code pg} (since OTP 23). A group is a name with a list of
 * processes, on any node that runs the same scope; a process may join a group several times and must leave as often.
 *
 * <p>pg's rules hold: a process joins and leaves only on its own node; a member that dies leaves every group; the
 * members of a node that is lost leave with it; membership is eventually consistent, and converges after a partition
 * heals. {@link #members} and {@link #localMembers} read this node's view at once; {@link #join}, {@link #leave} and
 * the monitors go through the scope's server on this node. Get one from {@link Cluster#pg()} or
 * {@link Cluster#pg(String)}.
 *
 * <p>Threading: every method may be called from any thread; {@link #monitor} and {@link #monitorScope} only from a
 * process, which receives the {@link GroupEvent}s.
 */
public final class Pg {
    /** The name of the default scope, as OTP's {@code pg}. */
    public static final String DEFAULT_SCOPE = "pg";

    private static final Duration ANSWER = Duration.ofSeconds(30);

    /** What {@link #monitor} answers: pg's {@code {Ref, Pids}}. */
    public record GroupMonitor(MonitorRef ref, List<Pid> members) {}

    /** What {@link #monitorScope} answers: pg's {@code {Ref, #{Group => Pids}}}. */
    public record ScopeMonitor(MonitorRef ref, Map<String, List<Pid>> groups) {}

    private final String scope;
    private final Node node;
    private final Pid server;
    private final Map<String, List<Pid>> members;
    private final Map<String, List<Pid>> localMembers;

    Pg(String scope, Node node, Pid server, Map<String, List<Pid>> members, Map<String, List<Pid>> localMembers) {
        this.scope = scope;
        this.node = node;
        this.server = server;
        this.members = members;
        this.localMembers = localMembers;
    }

    Pid server() {
        return server;
    }

    /** The scope's name. */
    public String scope() {
        return scope;
    }

    /**
     * Joins processes of this node to a group: {@code pg:join/3}. A process may join several times.
     *
     * @throws IllegalArgumentException if a pid is of another node (pg's {@code {nolocal, Pid}}) or none is given
     */
    public void join(String group, Pid... pids) {
        if (Objects.requireNonNull(pids, "pids").length == 0) {
            throw new IllegalArgumentException("pg: no process given: join(group, Process.self()) joins the caller");
        }
        join(group, listOf(pids));
    }

    /**
     * Joins a list of processes of this node; see {@link #join(String, Pid...)}. An empty list joins nothing, as
     * {@code pg:join(Group, [])} does.
     */
    public void join(String group, List<Pid> pids) {
        List<Pid> checked = local(this, Objects.requireNonNull(pids, "pids"));
        if (checked.isEmpty()) {
            group(group);
            return;
        }
        ask(new ScopeServer.Join(group(group), checked, new CompletableFuture<>()), "join " + group);
    }

    /**
     * Makes processes of this node leave a group, once each: {@code pg:leave/3}. Answers false if none of them was a
     * member (pg's {@code not_joined}).
     *
     * @throws IllegalArgumentException if a pid is of another node
     */
    public boolean leave(String group, Pid... pids) {
        if (Objects.requireNonNull(pids, "pids").length == 0) {
            throw new IllegalArgumentException("pg: no process given: leave(group, Process.self()) makes the caller leave");
        }
        return ask(new ScopeServer.Leave(group(group), local(this, listOf(pids)), new CompletableFuture<>()),
                "leave " + group);
    }

    /** Every member of a group, on every node, as this node sees it now: {@code pg:get_members/2}. */
    public List<Pid> members(String group) {
        return members.getOrDefault(group(group), List.of());
    }

    /** The members of a group on this node: {@code pg:get_local_members/2}. */
    public List<Pid> localMembers(String group) {
        return localMembers.getOrDefault(group(group), List.of());
    }

    /** The groups with a member on any node, sorted: {@code pg:which_groups/1}. */
    public Set<String> whichGroups() {
        return new TreeSet<>(members.keySet());
    }

    /** The groups with a member on this node, sorted: {@code pg:which_local_groups/1}. */
    public Set<String> whichLocalGroups() {
        return new TreeSet<>(localMembers.keySet());
    }

    /**
     * Subscribes the calling process to the joins and leaves of one group, as {@link GroupEvent}s carrying the
     * answered reference, and answers the members now: {@code pg:monitor/2}. Ends with {@link #demonitor} or the
     * process.
     *
     * @throws IllegalStateException if the caller is not a process
     */
    public GroupMonitor monitor(String group) {
        MonitorRef ref = MonitorRef.make();
        @SuppressWarnings("unchecked")
        List<Pid> now = (List<Pid>) ask(new ScopeServer.Monitor(group(group), caller(), ref,
                new CompletableFuture<>()), "monitor " + group);
        return new GroupMonitor(ref, now);
    }

    /** Subscribes the calling process to every group of the scope: {@code pg:monitor_scope/1}. */
    public ScopeMonitor monitorScope() {
        MonitorRef ref = MonitorRef.make();
        @SuppressWarnings("unchecked")
        Map<String, List<Pid>> now = (Map<String, List<Pid>>) ask(new ScopeServer.Monitor(null, caller(), ref,
                new CompletableFuture<>()), "monitor scope");
        return new ScopeMonitor(ref, now);
    }

    /** Removes a group or scope monitor: {@code pg:demonitor/2}. Answers false if it was not there. */
    public boolean demonitor(MonitorRef ref) {
        return ask(new ScopeServer.Demonitor(Objects.requireNonNull(ref, "ref"), new CompletableFuture<>()),
                "demonitor");
    }

    private static String group(String group) {
        return Objects.requireNonNull(group, "group");
    }

    /** The pids, each checked: not null (named by its place), and a process of this scope's node. */
    private static List<Pid> local(Pg scope, List<Pid> pids) {
        for (int i = 0; i < pids.size(); i++) {
            Pid p = pids.get(i);
            if (p == null) {
                throw new NullPointerException("pg: pid " + (i + 1) + " of " + pids.size() + " is null");
            }
            // another node's process, reached through the cluster or (several nodes in one JVM) one of that node's
            // own pids: pg's {nolocal, Pid} either way, as in production
            if (p instanceof RemotePid || Node.of(p) != scope.node) {
                throw new IllegalArgumentException("pg: {nolocal, " + p + "}: a process joins and leaves groups "
                        + "only on its own node (node " + Global.nodeName(p) + ", not " + scope.node.name() + ")");
            }
        }
        return List.copyOf(pids);
    }

    private static List<Pid> listOf(Pid... pids) {
        return java.util.Arrays.asList(pids); // nulls named by local(), where List.of would throw without a word
    }

    private static Pid caller() {
        if (!Process.isProcess()) {
            throw new IllegalStateException("pg: monitor from a process: it receives the group events");
        }
        return Process.self();
    }

    private <T> T ask(Object request, String what) {
        CompletableFuture<?> done = switch (request) {
            case ScopeServer.Join j -> j.done();
            case ScopeServer.Leave l -> l.done();
            case ScopeServer.Monitor m -> m.done();
            case ScopeServer.Demonitor d -> d.done();
            default -> throw new IllegalArgumentException(String.valueOf(request));
        };
        String asked = "pg: " + what + " in scope " + scope;
        ServerAnswers.requireRunning(node, server, asked, "the scope's server");
        node.send(server, request);
        @SuppressWarnings("unchecked")
        T answer = (T) ServerAnswers.await(node, server, done, ANSWER, asked, "the scope's server",
                asked + ": the scope's server did not answer within " + ANSWER.toSeconds() + " s");
        return answer;
    }
}
