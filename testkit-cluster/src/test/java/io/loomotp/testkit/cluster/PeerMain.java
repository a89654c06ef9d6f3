package io.loomotp.testkit.cluster;

import io.loomotp.cluster.Cluster;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node main of this module's tests, as a user writes one: joins the test's cluster through
 * {@link TestNodeMain#run}, registers the spawnables "echo" and "exit", an agent registered as "agent" that answers
 * the pg requests of {@link Msg}, and two commands the test sends over the node's standard input: {@code pgjoin
 * <scope> <group>} and {@code global <name>}, each of which starts a process that joins or registers, and answers
 * its pid; and {@code pgcount <scope> <group>} and {@code whereis <name>}, which answer what this node sees: the number
 * of members, and the pid or null.
 */
public final class PeerMain {
    private PeerMain() {}

    public static void main(String[] args) {
        TestNodeMain.run(config -> config.allow(Msg.ALLOWED), (node, cluster, commands) -> {
            cluster.registerSpawnable("echo", arg -> PeerMain::echo);
            cluster.registerSpawnable("exit", reason -> () -> {
                throw Process.exit(ExitReason.custom(reason));
            });
            CompletableFuture<Pid> registered = new CompletableFuture<>();
            node.spawn(() -> {
                Process.register("agent");
                registered.complete(Process.self());
                agent(cluster);
            });
            registered.get(10, TimeUnit.SECONDS);
            commands.on("pgjoin", arg -> {
                String[] scopeGroup = arg.split(" ");
                return String.valueOf(started(node, () -> cluster.pg(scopeGroup[0]).join(scopeGroup[1],
                        Process.self())));
            });
            commands.on("global", name -> String.valueOf(started(node,
                    () -> cluster.global().register(name, Process.self()))));
            // what this node sees, asked over its standard input (so also while it is cut off)
            commands.on("pgcount", arg -> {
                String[] scopeGroup = arg.split(" ");
                return String.valueOf(cluster.pg(scopeGroup[0]).members(scopeGroup[1]).size());
            });
            commands.on("whereis", name -> String.valueOf(cluster.global().whereis(name)));
        });
    }

    /** A process that runs {@code first}, then idles until killed; returns its pid once {@code first} has run. */
    private static Pid started(Node node, Runnable first) {
        CompletableFuture<Pid> done = new CompletableFuture<>();
        node.spawn(() -> {
            first.run();
            done.complete(Process.self());
            Process.receive(m -> false);
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the process did not start: " + e, e);
        }
    }

    private static void echo() {
        for (;;) {
            if (Process.receive() instanceof Msg.Echo e) {
                Process.send(e.replyTo(), e.text());
            }
        }
    }

    private static void agent(Cluster cluster) {
        for (;;) {
            switch (Process.receive()) {
                case Msg.PgJoin j -> Process.spawn(() -> {
                    cluster.pg(j.scope()).join(j.group(), Process.self());
                    Process.send(j.replyTo(), new Msg.Found(j.group(), Process.self()));
                    Process.receive(m -> false);
                });
                case Msg.PgMembers q -> Process.send(q.replyTo(),
                        new Msg.Members(q.group(), cluster.pg(q.scope()).members(q.group())));
                case Msg.PgJoinForeign f -> {
                    try {
                        cluster.pg(f.scope()).join(f.group(), f.pid());
                        Process.send(f.replyTo(), new Msg.Outcome("ok", ""));
                    } catch (IllegalArgumentException e) {
                        Process.send(f.replyTo(), new Msg.Outcome("error", e.getMessage()));
                    }
                }
                default -> { }
            }
        }
    }
}
