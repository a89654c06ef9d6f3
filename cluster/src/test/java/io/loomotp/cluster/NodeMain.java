package io.loomotp.cluster;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import java.io.IOException;
import java.util.List;

/**
 * The main of a node JVM that a multi-node test starts: joins the cluster, starts a Kv server registered as "kv" and
 * an agent registered as "agent" that answers {@link Wire} requests, prints {@code READY} and lives until its standard
 * input closes (its test ended) or it is killed.
 *
 * <p>Arguments: node name, port, initial members ({@code host:port,…}), secret, failure timeout in ms, and optionally
 * the nodes to wait for before it is ready, as {@code mandatory|optional|timeoutMs} (comma-separated names, e.g.
 * {@code a||1000}): OTP's {@code sync_nodes_*}. If a mandatory node is missing it prints {@code ERROR <message>} and
 * exits with status 1, as an OTP node that does not start.
 *
 * <p>Besides the {@link Wire} requests of the agent: {@link Wire.StartDist} starts a {@link DistApp} as a distributed
 * application and answers {@link Wire.DistStarted} once it runs somewhere.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws IOException {
        Node node = Node.create(args[0]);
        ClusterConfig config = ClusterConfig.of(args[0], args[3]).withClusterName("loomotp-test")
                .withBindPort(Integer.parseInt(args[1])).withInitialMembers(List.of(args[2].split(",")))
                .withFailureTimeout(java.time.Duration.ofMillis(Long.parseLong(args[4]))).allow(Wire.ALLOWED);
        Cluster cluster = Cluster.join(node, config);
        DistributedApplications dist = DistributedApplications.of(cluster);
        if (args.length > 5) {
            String[] sync = args[5].split("\\|", -1);
            long t0 = System.nanoTime();
            try {
                dist.syncNodes(new SyncNodes(names(sync[0]), names(sync[1]),
                        java.time.Duration.ofMillis(Long.parseLong(sync[2]))));
                System.out.println("SYNCED after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            } catch (SyncNodesException e) {
                System.out.println("ERROR " + e.getMessage() + " [after " + (System.nanoTime() - t0) / 1_000_000
                        + " ms]");
                System.out.flush();
                System.exit(1);
            }
        }
        KvRef.start(node, Kv::new, StartOptions.defaults().withName("kv"));
        // what the test JVM may spawn here (Erlang's spawn(Node, M, F, A), with a registered name for M:F)
        cluster.registerSpawnable("echo", arg -> () -> {
            for (;;) {
                if (Process.receive() instanceof Wire.Echo e) {
                    Process.send(e.replyTo(), e.text());
                }
            }
        });
        cluster.registerSpawnable("tally", arg -> () -> tally((Wire.Tally) arg));
        cluster.registerSpawnable("exit", reason -> () -> {
            throw Process.exit(ExitReason.custom(reason));
        });
        // what the test JVM may apply here (erpc:call(Node, M, F, A), with a registered name for M:F)
        cluster.registerFunction("twice", arg -> 2 * (Integer) arg);
        cluster.registerFunction("where", arg -> List.of(node.name(), Process.self()));
        cluster.registerFunction("nothing", arg -> null);
        cluster.registerFunction("fail", arg -> {
            throw new IllegalStateException("no account " + arg);
        });
        cluster.registerFunction("never", arg -> new Wire.Never(1));
        cluster.registerFunction("wait", arg -> Process.receive(m -> false, java.time.Duration.ofMinutes(1)));
        cluster.registerFunction("startKv", name -> KvRef.start(node, Kv::new,
                StartOptions.defaults().withName((String) name)).pid());
        cluster.registerFunction("die", arg -> {
            throw Process.exit(ExitReason.KILL);
        });
        java.util.concurrent.CompletableFuture<Void> registered = new java.util.concurrent.CompletableFuture<>();
        node.spawn(() -> {
            Process.register("agent");
            registered.complete(null);
            for (;;) {
                Object m = Process.receive();
                switch (m) {
                    case Wire.WhoIs w -> Process.send(w.replyTo(), new Wire.Found(w.name(), node.whereis(w.name())));
                    case Wire.StartKv s -> Process.send(s.replyTo(), new Wire.Found("kv", KvRef.start(node, Kv::new,
                            StartOptions.defaults()).pid()));
                    case Wire.Watch w -> Process.spawn(() -> watch(w));
                    case Wire.StartDist d -> Process.spawn(() -> startDist(node, dist, d));
                    case Wire.WatchLog w -> Process.send(w.replyTo(), new Wire.Found("watchlog",
                            Process.spawn(() -> watchLog(w.target()))));
                    case Wire.Collect c -> Process.send(c.replyTo(), new Wire.Found("collector",
                            Process.spawn(() -> collect(c.reportTo()))));
                    default -> ServiceAgent.handle(cluster, m);
                }
            }
        });
        registered.join(); // READY only once the agent can be sent to: a test sends to it as soon as it reads READY
        System.out.println("READY " + cluster.name());
        System.out.flush();
        while (System.in.read() >= 0) {
            // lives until the test closes our stdin
        }
        cluster.close();
        node.close();
        System.exit(0);
    }

    private static java.util.List<String> names(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of() : List.of(commaSeparated.split(","));
    }

    private static void startDist(Node node, DistributedApplications dist, Wire.StartDist d) {
        DistributedApp spec = DistributedApp.parse(d.spec());
        try {
            String at = dist.start(spec, new DistApp(spec.name(), node, d.observer()), io.loomotp.Restart.TEMPORARY);
            Process.send(d.replyTo(), new Wire.DistStarted(node.name(), at, null));
        } catch (RuntimeException e) {
            Process.send(d.replyTo(), new Wire.DistStarted(node.name(), null, e.getMessage()));
        }
    }

    private static void tally(Wire.Tally t) {
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        int ended = 0;
        while (ended < t.senders()) {
            if (Process.receive() instanceof Integer i) {
                if (i < 0) {
                    ended++;
                } else {
                    numbers.add(i);
                }
            }
        }
        Process.send(t.reportTo(), new Wire.Collected(numbers, "done"));
    }

    private static void collect(Pid reportTo) {
        Process.trapExits(true);
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        for (;;) {
            Object m = Process.receive();
            if (m instanceof Integer i) {
                numbers.add(i);
            } else if (m instanceof Exit e) {
                Process.send(reportTo, new Wire.Collected(numbers, e.reason().toString()));
                return;
            }
        }
    }

    private static void watchLog(Pid target) {
        Process.trapExits(true);
        Process.link(target);
        Process.monitor(target);
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (;;) {
            Object m = Process.receive();
            switch (m) {
                case Exit e -> seen.add("exit " + e.reason());
                case Down d -> seen.add("down " + d.reason());
                case Wire.AskEvents a -> Process.send(a.replyTo(), new Wire.Events(java.util.List.copyOf(seen)));
                default -> { }
            }
        }
    }

    private static void watch(Wire.Watch w) {
        Process.trapExits(true);
        Pid target = w.target();
        Process.link(target);
        Process.monitor(target);
        Process.send(w.reportTo(), new Wire.Seen("linked", ""));
        for (;;) {
            Object m = Process.receive();
            if (m instanceof Exit e) {
                Process.send(w.reportTo(), new Wire.Seen("exit", e.reason().toString()));
            } else if (m instanceof Down d) {
                Process.send(w.reportTo(), new Wire.Seen("down", d.reason().toString()));
            }
        }
    }
}
