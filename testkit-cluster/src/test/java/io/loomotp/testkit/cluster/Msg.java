package io.loomotp.testkit.cluster;

import io.loomotp.runtime.Pid;
import java.util.List;

/** The messages this module's tests and their node JVMs ({@link PeerMain}) exchange; allowed on both sides. */
final class Msg {
    private Msg() {}

    /** For the "echo" spawnable: answers {@code text} to {@code replyTo}. */
    record Echo(Pid replyTo, String text) {}

    /** An answer carrying a pid (null for none). */
    record Found(String name, Pid pid) {}

    /** Asks the agent for a process there that joins a group of a pg scope; answered by {@link Found} with it. */
    record PgJoin(String scope, String group, Pid replyTo) {}

    /** Asks the agent for the members of a group as its node sees them; answered by {@link Members}. */
    record PgMembers(String scope, String group, Pid replyTo) {}

    /** The members of a group on the node that answers. */
    record Members(String group, List<Pid> pids) {}

    /** Asks the agent to join {@code pid} (of another node) to a group; answered "ok" or "error" by {@link Outcome}. */
    record PgJoinForeign(String scope, String group, Pid pid, Pid replyTo) {}

    /** The outcome of a request: "ok" or "error", with the error's message. */
    record Outcome(String what, String detail) {}

    /** Allowed nowhere: a spawn argument the sender refuses. */
    record Never(int x) {}

    static final Class<?>[] ALLOWED = {Echo.class, Found.class, PgJoin.class, PgMembers.class, Members.class,
        PgJoinForeign.class, Outcome.class};
}
