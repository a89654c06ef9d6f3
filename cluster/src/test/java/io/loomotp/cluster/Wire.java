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
        AskEvents.class, Events.class};
}
