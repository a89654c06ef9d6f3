package io.loomotp.cluster;

import io.loomotp.runtime.Pid;

/** The messages the test JVM and its node JVMs exchange, allowed on both (except {@link OnlyHere} and {@link Never}). */
final class Wire {
    private Wire() {}

    /** Asks a node's agent for the pid registered under a name. */
    record WhoIs(Pid replyTo, String name) {}

    /** The agent's answer; pid is null if nobody holds the name. */
    record Found(String name, Pid pid) {}

    /** Asks the agent to start a fresh, unregistered Kv server and answer with {@link Found}. */
    record StartKv(Pid replyTo) {}

    /** Asks the agent for a process there that links to and monitors {@code target}, reporting what it sees. */
    record Watch(Pid target, Pid reportTo) {}

    /** A watcher's report: "linked" once it is set up, then "exit" or "down" with the reason's text. */
    record Seen(String what, String reason) {}

    /** Asks the agent for a trapping process that records what it receives, and answers {@link Found}. */
    record Collect(Pid replyTo, Pid reportTo) {}

    /** A collector's report, once an exit signal arrived: the numbers received before it, and its reason. */
    record Collected(java.util.List<Integer> numbers, String exitReason) {}

    /** Asks the agent to start {@link DistApp} as distributed by {@code spec}, reporting its events to observer. */
    record StartDist(Pid replyTo, Pid observer, String spec) {}

    /** The agent's answer to {@link StartDist}: the node the application runs on, or the error's message. */
    record DistStarted(String node, String runsOn, String error) {}

    /** A {@link DistApp}'s report: it started on {@code node} with a start type, or it "stopped" there. */
    record AppEvent(String node, String app, String event) {}

    /** Asks for a process there that registers itself globally ("exit", "notify" or "all" resolver) and answers
     * {@link Found} with itself, or a null pid if refused; it then reports every message it gets as {@link Seen}. */
    record GlobalRegister(String name, String resolver, Pid replyTo) {}

    /** As {@link GlobalRegister}, with {@code global:re_register_name}: the name moves to the new process there. */
    record GlobalReRegister(String name, Pid replyTo) {}

    /**
     * Asks for a process there that sets a global lock ({@code retries} as {@code Global.setLock}) and answers
     * {@link Found} with itself, or a null pid if refused. Sent "release", it deletes the lock and answers
     * {@link Seen} "released"; sent "exit", it ends, holding the lock.
     */
    record GlobalLock(String resource, String requester, int retries, Pid replyTo) {}

    /** Asks the agent for {@code global:whereis_name}; answered by {@link Found}. */
    record GlobalWhereIs(String name, Pid replyTo) {}

    /** Asks for a process there that joins a group of a pg scope; answered by {@link Found} with it. */
    record PgJoin(String scope, String group, Pid replyTo) {}

    /** Asks the agent for the members of a group; answered by {@link Members}. */
    record PgMembers(String scope, String group, Pid replyTo) {}

    /** The members of a group on the node that answers. */
    record Members(String group, java.util.List<Pid> pids) {}

    /** Asks the agent to join {@code pid} (of another node) to a group; answered by {@link Seen} "ok" or "error". */
    record PgJoinForeign(String scope, String group, Pid pid, Pid replyTo) {}

    /**
     * Asks the agent to carry out {@code then} (requests {@link GlobalRegister} or {@link PgJoin}, all with the same
     * replyTo) while its node is cut off from {@code peer}. It answers {@link Seen} "ready" to that replyTo at once,
     * once it watches the nodes; the asker then isolates {@code peer} ({@link Partition#isolate}, which cuts both ways)
     * and heals it later. The agent does the requests once it sees {@code peer} lost, and their answers reach replyTo
     * once {@code peer} is up again, followed by everything the new processes report.
     *
     * <p>The asker must not isolate before "ready": an isolation drops what its node has yet to put on the wire, this
     * request among it.
     */
    record Isolated(String peer, java.util.List<Object> then) {}

    /** For the "echo" spawnable of a node JVM: answers {@code text} to {@code replyTo}. */
    record Echo(Pid replyTo, String text) {}

    /**
     * For the "tally" spawnable: a process that records the numbers it receives until {@code senders} end markers
     * (negative numbers) have come, then reports them all to {@code reportTo} as {@link Collected}.
     */
    record Tally(Pid reportTo, int senders) {}

    /** Asks the agent for a trapping process that links to and monitors {@code target} and keeps what it sees. */
    record WatchLog(Pid target, Pid replyTo) {}

    /** Asks a {@link WatchLog} process what it has seen. */
    record AskEvents(Pid replyTo) {}

    /** What a {@link WatchLog} process has seen: "exit reason" and "down reason", in order. */
    record Events(java.util.List<String> seen) {}

    /** A sys state function that crosses (a record allowed on both nodes): sets a Kv's total. */
    record SetTotal(int total) implements java.util.function.UnaryOperator<Kv> {
        @Override
        public Kv apply(Kv kv) {
            kv.total = total;
            return kv;
        }
    }

    /** A sys state function that throws inside the process. */
    record Explode(String why) implements java.util.function.UnaryOperator<Kv> {
        @Override
        public Kv apply(Kv kv) {
            throw new IllegalStateException(why);
        }
    }

    /** Allowed on the test JVM only: the node JVMs refuse it. */
    record OnlyHere(int x) {}

    /** Allowed nowhere. */
    record Never(int x) {}

    /**
     * The classes every node allows. Kv's protocol is not among them: the processor lists it, and the cluster allows
     * every generated protocol it finds on the class path.
     */
    static final Class<?>[] ALLOWED = {WhoIs.class, Found.class, StartKv.class, Watch.class, Seen.class,
        Collect.class, Collected.class, SetTotal.class, Explode.class, Echo.class, Tally.class, WatchLog.class,
        AskEvents.class, Events.class, StartDist.class, DistStarted.class, AppEvent.class,
        GlobalRegister.class, GlobalReRegister.class, GlobalLock.class, GlobalWhereIs.class, PgJoin.class, PgMembers.class, Members.class, PgJoinForeign.class,
        Isolated.class};
}
