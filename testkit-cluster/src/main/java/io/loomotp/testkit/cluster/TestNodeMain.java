package io.loomotp.testkit.cluster;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.fault.NetworkFaults;
import io.loomotp.runtime.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The inside of a node JVM that {@link TestCluster#startNode} starts: a test's node main calls {@link #run}, which
 * makes the node, joins it to the test's cluster (name, port, members, secret and failure timeout come from the
 * starting test), runs the main's set-up, says READY, and then obeys the test over standard input until it closes:
 * isolate, cut off some nodes, heal, await a view, and the commands the set-up registered.
 *
 * <pre>{@code
 * public final class PeerMain {
 *     public static void main(String[] args) {
 *         TestNodeMain.run(config -> config.allow(Echo.class), (node, cluster, commands) -> {
 *             cluster.registerSpawnable("echo", arg -> PeerMain::echo);
 *             commands.on("pgjoin", group -> cluster.pg().join(group, node.spawn(PeerMain::idle)) + "");
 *         });
 *     }
 * }
 * }</pre>
 *
 * <p>The line protocol (one line each way per request, numbered): {@code <id> isolate}, {@code <id> cut <n1,n2>},
 * {@code <id> heal}, {@code <id> awaitup <peer>}, {@code <id> awaitdown <peer>}, {@code <id> awaitnodes <n1,n2>},
 * {@code <id> command <name> <argument>}; answered
 * {@code DONE <id> <text>} or {@code FAILED <id> <message>}. Requests are served one at a time, in order.
 */
public final class TestNodeMain {
    static final String READY = "READY";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String PREFIX = "loomotp.testnode.";

    private TestNodeMain() {}

    /** What a node main sets up once its node has joined: servers, spawnables, the commands the test may send. */
    @FunctionalInterface
    public interface SetUp {
        void setUp(Node node, Cluster cluster, Commands commands) throws Exception;
    }

    /** The commands a test may send this node with {@link TestNode#command}: a name, and what it answers. */
    public static final class Commands {
        private final Map<String, Function<String, String>> handlers = new ConcurrentHashMap<>();

        private Commands() {}

        /** Registers {@code handler}, run on the control thread with the command's argument; its result is the answer. */
        public Commands on(String name, Function<String, String> handler) {
            if (handlers.putIfAbsent(name, handler) != null) {
                throw new IllegalArgumentException("the command '" + name + "' is registered twice");
            }
            return this;
        }
    }

    /**
     * Makes this JVM's node, joins the test's cluster with the configuration {@code configure} completes (the classes
     * it allows, above all), runs {@code setUp}, and serves the test until it ends this JVM. Does not return.
     */
    public static void run(UnaryOperator<ClusterConfig> configure, SetUp setUp) {
        PrintStream out = System.out;
        String name = System.getProperty(PREFIX + "name");
        if (name == null) {
            System.err.println("TestNodeMain: this main is started by TestCluster.startNode, which passes the node's "
                    + "name and cluster as -D" + PREFIX + "* properties; none were given");
            System.exit(2);
        }
        Node node = Node.create(name);
        Cluster cluster;
        Commands commands = new Commands();
        try {
            ClusterConfig config = ClusterConfig.of(name, property("secret"))
                    .withClusterName(property("cluster"))
                    .withBindPort(Integer.parseInt(property("port")))
                    .withInitialMembers(List.of(property("members").split(",")))
                    .withFailureTimeout(Duration.parse(property("failureTimeout")));
            int fdOffset = Integer.parseInt(property("fdOffset"));
            int fdPortRange = Integer.parseInt(property("fdPortRange"));
            if (fdOffset != ClusterConfig.DEFAULT_FAILURE_DETECTOR_OFFSET
                    || fdPortRange != ClusterConfig.DEFAULT_FAILURE_DETECTOR_PORT_RANGE) {
                config = config.withFailureDetectorPorts(fdOffset, fdPortRange); // the test's port range
            }
            cluster = Cluster.join(node, configure.apply(config));
            setUp.setUp(node, cluster, commands);
        } catch (Exception e) {
            System.err.println("TestNodeMain: node " + name + " did not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        out.println(READY + " " + name);
        out.flush();
        serve(cluster, commands, out);
        cluster.close();
        node.close();
        System.exit(0);
    }

    /** Obeys the test's requests until standard input closes. */
    private static void serve(Cluster cluster, Commands commands, PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] parts = line.split(" ", 4);
                String id = parts[0];
                try {
                    String answer = switch (parts.length > 1 ? parts[1] : "") {
                        case "isolate" -> {
                            NetworkFaults.isolate(cluster);
                            yield "isolated";
                        }
                        case "cut" -> {
                            NetworkFaults.cut(cluster, names(parts));
                            yield "cut";
                        }
                        case "heal" -> {
                            NetworkFaults.heal(cluster);
                            yield "healed";
                        }
                        case "awaitnodes" -> {
                            List<String> expected = names(parts).stream().sorted().toList();
                            Waits.until(() -> cluster.nodes().stream().sorted().toList(), expected::equals,
                                    TestNode.TIMEOUT, cluster.name() + " to see the nodes " + expected);
                            yield expected.toString();
                        }
                        case "awaitup", "awaitdown" -> {
                            String peer = parts.length > 2 ? parts[2] : "";
                            boolean up = parts[1].equals("awaitup");
                            Waits.until(cluster::nodes, n -> n.contains(peer) == up, TestNode.TIMEOUT,
                                    cluster.name() + " to see " + peer + (up ? " up" : " down"));
                            yield cluster.nodes().toString();
                        }
                        case "command" -> {
                            Function<String, String> h = parts.length > 2 ? commands.handlers.get(parts[2]) : null;
                            if (h == null) {
                                throw new IllegalArgumentException("no command '" + (parts.length > 2 ? parts[2] : "")
                                        + "' on " + cluster.name() + "; registered: "
                                        + commands.handlers.keySet().stream().sorted().toList());
                            }
                            yield String.valueOf(h.apply(parts.length > 3 ? parts[3] : ""));
                        }
                        default -> throw new IllegalArgumentException("unknown request: " + line);
                    };
                    out.println(DONE + " " + id + " " + answer.replace('\n', ' '));
                } catch (RuntimeException | AssertionError e) {
                    out.println(FAILED + " " + id + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the test's end of the pipe is gone: end as if it had closed it
        }
    }

    /** The node names of a request's argument: a comma-separated list, possibly empty. */
    private static List<String> names(String[] parts) {
        String list = parts.length > 2 ? parts[2].strip() : "";
        return list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    private static String property(String key) {
        String v = System.getProperty(PREFIX + key);
        if (v == null) {
            throw new IllegalStateException("missing -D" + PREFIX + key + " (this main is started by TestCluster)");
        }
        return v;
    }
}
