package io.loomotp.testkit.cluster;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.fault.NetworkFaults;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A cluster for one test or test class: the test JVM's own node, joined to a cluster of its own on loopback (a fresh
 * cluster name and secret, so that tests running side by side never meet), and the node JVMs the test starts into it.
 * What common_test's {@code peer} module and the cluster module's own tests do, for users.
 *
 * <pre>{@code
 * try (TestCluster c = TestCluster.start("a", config -> config.allow(Echo.class))) {
 *     TestNode b = c.startNode("b", PeerMain.class);   // another JVM, up in a's view when this returns
 *     Pid echo = c.cluster().spawn("b", "echo", null);
 *     b.kill();                                        // kill -9
 *     c.awaitNodeDown("b");
 * }                                                    // every node JVM ends, always
 * }</pre>
 *
 * <p>A netsplit of three nodes, and its end:
 *
 * <pre>{@code
 * c.split(List.of(List.of("a", "b"), List.of("c")));   // returns once a and b see [b] and [a], c sees []
 * c.healAll();                                          // returns once each sees the two others again
 * }</pre>
 *
 * <p>It owns the node JVMs it started ({@link #close} ends each, whatever the test did) and, when it made it, the
 * local node. Every wait is bounded by {@link TestNode#TIMEOUT} and fails with what it saw. Thread-safe.
 */
public final class TestCluster implements AutoCloseable {
    /**
     * The failure timeout of a test cluster's nodes: a lost node is seen down about this long after. It is the
     * default a node gets (2 s): at 1 s, the project's own multi-node tests saw live nodes suspected now and then
     * on a saturated 2-core machine, and a test's message lost in the partition that followed.
     */
    public static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The loopback TCP ports a test cluster's nodes bind, {@code first} to {@code last} inclusive, for suites run side
     * by side on one machine: give each suite a range of its own and their nodes never take each other's ports. Each
     * node takes two: its own, in the lower half of the range (one after another, skipping a port that is taken), and
     * its failure detector's (JGroups' FD_SOCK2), the same distance up in the upper half (or the next free one there),
     * so nothing is bound outside the range. {@code new Ports(10400, 10449)} holds 25 nodes on 10400-10424, their
     * failure detectors on 10425-10449. A range that is reversed, outside 1024-65535, or holds fewer than two nodes
     * (4 ports) is refused with {@code IllegalArgumentException}.
     *
     * @param first the first port, 1024 or more
     * @param last the last port, at most 65535
     */
    public record Ports(int first, int last) {
        public Ports {
            if (first < 1024 || last > 65535) {
                throw new IllegalArgumentException("test cluster ports " + first + "-" + last + " are outside "
                        + "1024-65535: give unprivileged TCP ports, such as 10400-10449");
            }
            if (last < first) {
                throw new IllegalArgumentException("test cluster ports " + first + "-" + last + ": the last is below "
                        + "the first");
            }
            if (last - first + 1 < 4) {
                throw new IllegalArgumentException("test cluster ports " + first + "-" + last + " are too few: each "
                        + "node takes 2 (its own and its failure detector's), so two nodes need 4 at least");
            }
        }

        /** How many nodes the range holds: half its ports. */
        public int nodes() {
            return (last - first + 1) / 2;
        }

        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    private final Node node;
    private final boolean ownsNode;
    private final Cluster cluster;
    private final int port;
    /** The ports the test chose, or null for free ports the system picks. */
    private final Ports ports;
    /** The node ports of the range given out so far (guarded by this). */
    private int portsTaken;
    private final String clusterName = "loomotp-test-" + UUID.randomUUID();
    private final String secret = UUID.randomUUID().toString();
    private final List<TestNode> nodes = new CopyOnWriteArrayList<>();

    private TestCluster(Node node, boolean ownsNode, Ports ports, UnaryOperator<ClusterConfig> configure) {
        Objects.requireNonNull(configure, "configure");
        this.node = node;
        this.ownsNode = ownsNode;
        this.ports = ports;
        this.port = nextPort(node.name());
        ClusterConfig config = failureDetector(ClusterConfig.of(node.name(), secret).withClusterName(clusterName)
                .withBindPort(port).withInitialMembers(List.of("127.0.0.1:" + port))
                .withFailureTimeout(FAILURE_TIMEOUT), port);
        this.cluster = Cluster.join(node, configure.apply(config));
    }

    /**
     * Makes a node named {@code nodeName} in this JVM and starts a cluster with it, configured by {@code configure}
     * (the classes it allows, above all); {@link #close} closes both.
     */
    public static TestCluster start(String nodeName, UnaryOperator<ClusterConfig> configure) {
        return startOn(nodeName, null, configure);
    }

    /**
     * As {@link #start(String, UnaryOperator)}, every node of the cluster (this JVM's, those of {@link #startNode}
     * and {@link #configFor}) on the loopback ports of {@code ports} only, with its failure detector's: for suites
     * run side by side on one machine, each with a range of its own.
     *
     * @throws IllegalArgumentException if a port of the range is taken where this node's would be, and no later one
     *     of the lower half is free
     */
    public static TestCluster start(String nodeName, Ports ports, UnaryOperator<ClusterConfig> configure) {
        return startOn(nodeName, Objects.requireNonNull(ports, "ports"), configure);
    }

    private static TestCluster startOn(String nodeName, Ports ports, UnaryOperator<ClusterConfig> configure) {
        Node node = Node.create(nodeName);
        try {
            return new TestCluster(node, true, ports, configure);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts a cluster with an existing node of this JVM (the one {@code @LoomOtpTest} injects, for instance), named
     * by the node's name; {@link #close} leaves the cluster but leaves the node to its owner.
     */
    public static TestCluster join(Node node, UnaryOperator<ClusterConfig> configure) {
        return new TestCluster(Objects.requireNonNull(node, "node"), false, null, configure);
    }

    /** As {@link #join(Node, UnaryOperator)}, every node on the ports of {@code ports} (see {@link Ports}). */
    public static TestCluster join(Node node, Ports ports, UnaryOperator<ClusterConfig> configure) {
        return new TestCluster(Objects.requireNonNull(node, "node"), false, Objects.requireNonNull(ports, "ports"),
                configure);
    }

    /** The ports the cluster's nodes take, if the test chose them ({@link #start(String, Ports, UnaryOperator)}). */
    public java.util.Optional<Ports> ports() {
        return java.util.Optional.ofNullable(ports);
    }

    /** The test JVM's node. */
    public Node node() {
        return node;
    }

    /** The test JVM's membership of the cluster. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * The configuration another node of this JVM joins this cluster with: its name, the cluster's name and secret, a
     * free port of its own, this node as its initial member, the test cluster's failure timeout. For the tests a
     * running cluster's kit cannot write by itself: a node with the wrong secret
     * ({@code Cluster.join(x, tc.configFor("x").withSecret("wrong"))} is refused), a node of another name joining
     * this JVM's cluster.
     */
    public ClusterConfig configFor(String nodeName) {
        int p = nextPort(Objects.requireNonNull(nodeName, "nodeName"));
        return failureDetector(ClusterConfig.of(nodeName, secret).withClusterName(clusterName)
                .withBindPort(p).withInitialMembers(List.of("127.0.0.1:" + port))
                .withFailureTimeout(FAILURE_TIMEOUT), p);
    }

    /**
     * Starts a node named {@code name} in another JVM, with this JVM's java and class path, running {@code main}
     * (a class whose {@code main} calls {@link TestNodeMain#run}) with {@code args}; returns once the node said it is
     * ready and this node sees it up.
     *
     * @throws AssertionError if it did not start, or was not seen up, within {@link TestNode#TIMEOUT}; its output is
     *     in the message, and its JVM has been ended
     */
    public TestNode startNode(String name, Class<?> main, String... args) {
        if (name.equals(cluster.name()) || nodes.stream().anyMatch(n -> n.name().equals(name) && n.isAlive())) {
            throw new IllegalArgumentException("a node named " + name + " is already in this test cluster");
        }
        int p = nextPort(name);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Xmx128m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-D" + TestNodeMain.PREFIX + "name=" + name,
                "-D" + TestNodeMain.PREFIX + "port=" + p,
                "-D" + TestNodeMain.PREFIX + "members=127.0.0.1:" + port + ",127.0.0.1:" + p,
                "-D" + TestNodeMain.PREFIX + "secret=" + secret,
                "-D" + TestNodeMain.PREFIX + "cluster=" + clusterName,
                "-D" + TestNodeMain.PREFIX + "failureTimeout=" + FAILURE_TIMEOUT,
                "-D" + TestNodeMain.PREFIX + "fdOffset=" + failureDetectorOffset(),
                "-D" + TestNodeMain.PREFIX + "fdPortRange=" + failureDetectorPortRange(p),
                "-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        TestNode started;
        try {
            started = new TestNode(name, p, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw TestNode.launchFailed(name, e);
        }
        nodes.add(started);
        try {
            String problem = started.awaitReady(TestNode.TIMEOUT);
            if (problem != null) {
                throw new AssertionError(problem + "; its output:\n" + started.output());
            }
            awaitNodeUp(name);
        } catch (AssertionError e) {
            started.close();
            throw e.getMessage().contains("its output") ? e
                    : new AssertionError(e.getMessage() + "; its output:\n" + started.output(), e);
        }
        return started;
    }

    /** Waits until this node sees {@code name} up (NodeUp): after a start, or after a partition heals. */
    public void awaitNodeUp(String name) {
        Waits.until(cluster::nodes, n -> n.contains(name), TestNode.TIMEOUT, cluster.name() + " to see " + name
                + " up");
    }

    /** Waits until this node sees {@code name} down (NodeDown): after a kill, a stop or a partition. */
    public void awaitNodeDown(String name) {
        Waits.until(cluster::nodes, n -> !n.contains(name), TestNode.TIMEOUT, cluster.name() + " to see " + name
                + " down");
    }

    /** Waits until this node sees exactly {@code names} as the other nodes, in any order. */
    public void awaitNodes(String... names) {
        List<String> expected = List.of(names).stream().sorted().toList();
        Waits.until(() -> cluster.nodes().stream().sorted().toList(), expected::equals, TestNode.TIMEOUT,
                cluster.name() + " to see the nodes " + expected);
    }

    /** Waits until {@code name} is registered globally, as this node sees it, and returns its pid. */
    public Pid awaitGlobalName(String name) {
        return Waits.until(() -> cluster.global().whereis(name), Objects::nonNull, TestNode.TIMEOUT,
                "the global name " + name + " on " + cluster.name());
    }

    /** Waits until no process holds the global name {@code name}, as this node sees it. */
    public void awaitGlobalNameGone(String name) {
        Waits.until(() -> cluster.global().whereis(name), Objects::isNull, TestNode.TIMEOUT,
                "the global name " + name + " to be released on " + cluster.name());
    }

    /**
     * Waits until the members of {@code group} in the pg scope {@code scope}, as this node sees them, satisfy
     * {@code condition} (described by {@code what} in a failure), and returns them.
     */
    public List<Pid> awaitPgMembers(String scope, String group, Predicate<List<Pid>> condition, String what) {
        return Waits.until(() -> cluster.pg(scope).members(group), condition, TestNode.TIMEOUT,
                "the members of " + scope + "/" + group + " on " + cluster.name() + " to be " + what);
    }

    /** Waits until {@code group} of {@code scope} has {@code count} members, as this node sees them. */
    public List<Pid> awaitPgMembers(String scope, String group, int count) {
        return awaitPgMembers(scope, group, m -> m.size() == count, count + " in number");
    }

    /**
     * Cuts this JVM's node off every other node (a partition on its side); with {@link TestNode#isolate} on the
     * others' side, each side goes on alone. {@link #heal} undoes it.
     *
     * <p>As on a real netsplit, what this node has sent but not yet put on the wire is lost with the rest: a message
     * sent just before is handed to a writer thread and may not have left. If the test needs it to arrive, wait for
     * its answer (or its effect) before isolating.
     */
    public void isolate() {
        NetworkFaults.isolate(cluster);
    }

    /** Lets this node's traffic through again; wait for the merge with {@link #awaitNodeUp}. */
    public void heal() {
        NetworkFaults.heal(cluster);
    }

    /**
     * Splits the cluster into {@code sides} (a netsplit: {@code split(List.of(List.of("a", "b"), List.of("c")))} is
     * {@code [a, b] | [c]}), and returns once every node sees exactly the others of its side. Every node of each side
     * drops what the nodes of the other sides send it, so each side sees the others down after the failure timeout,
     * and goes on alone, with its own view, global names and process groups. {@link #healAll} ends it.
     *
     * @param sides two or more sides that name, between them, this node and every node JVM still running, once each
     * @throws IllegalArgumentException if a side is empty, or a node is named twice, not named, or not in the cluster
     * @throws AssertionError if a node's view is not its side within {@link TestNode#TIMEOUT}
     */
    public void split(List<? extends Collection<String>> sides) {
        Map<String, TestNode> running = running();
        List<Set<String>> checked = Sides.check(sides, cluster.name(), running.keySet());
        for (Set<String> side : checked) {
            List<String> others = checked.stream().filter(o -> o != side).flatMap(Set::stream).sorted().toList();
            for (String n : side) {
                if (n.equals(cluster.name())) {
                    NetworkFaults.cut(cluster, others);
                } else {
                    running.get(n).cutOff(others);
                }
            }
        }
        for (Set<String> side : checked) {
            for (String n : side) {
                awaitView(n, running, side);
            }
        }
    }

    /**
     * Heals every cut and isolation, of this node and of every node JVM still running, and returns once every node
     * sees every other again (JGroups merges the views some seconds after).
     *
     * @throws AssertionError if a node does not see all the others within {@link TestNode#TIMEOUT}
     */
    public void healAll() {
        Map<String, TestNode> running = running();
        NetworkFaults.heal(cluster);
        running.values().forEach(TestNode::heal);
        Set<String> all = new TreeSet<>(running.keySet());
        all.add(cluster.name());
        for (String n : all) {
            awaitView(n, running, all);
        }
    }

    /** Waits until node {@code n} sees exactly the others of {@code side}. */
    private void awaitView(String n, Map<String, TestNode> running, Set<String> side) {
        List<String> others = side.stream().filter(o -> !o.equals(n)).sorted().toList();
        if (n.equals(cluster.name())) {
            awaitNodes(others.toArray(String[]::new));
        } else {
            running.get(n).awaitNodes(others);
        }
    }

    /** The node JVMs still running, by name. */
    private Map<String, TestNode> running() {
        Map<String, TestNode> running = new TreeMap<>();
        for (TestNode n : nodes) {
            if (n.isAlive()) {
                running.put(n.name(), n);
            }
        }
        return running;
    }

    /** The node JVMs started so far, ended or not. */
    public List<TestNode> nodes() {
        return List.copyOf(nodes);
    }

    /** Ends every node JVM it started, then leaves the cluster, and closes the node if it made it. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (TestNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            cluster.close();
        } finally {
            if (ownsNode) {
                node.close();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The port of the next node, {@code name}: a free one the system picks, or the next free one of the lower half of
     * the test's range.
     */
    private synchronized int nextPort(String name) {
        if (ports == null) {
            return freePort();
        }
        while (portsTaken < ports.nodes()) {
            int p = ports.first() + portsTaken++;
            if (isFree(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("test cluster ports " + ports + " are too few for node " + name + ": they "
                + "hold " + ports.nodes() + " nodes (2 ports each, its own and its failure detector's), and "
                + ports.first() + "-" + (ports.first() + ports.nodes() - 1) + " are given out or taken: give a "
                + "wider range");
    }

    /**
     * The failure detector's ports of the node on {@code p}: in the upper half of the test's range, the same distance
     * up as {@code p} in the lower half, or the next free one up to the range's end; JGroups' default without a range.
     */
    private ClusterConfig failureDetector(ClusterConfig c, int p) {
        // without a range, JGroups' default as a node has it (a free port high up may wrap around, as it always did)
        return ports == null ? c : c.withFailureDetectorPorts(failureDetectorOffset(), failureDetectorPortRange(p));
    }

    private int failureDetectorOffset() {
        return ports == null ? ClusterConfig.DEFAULT_FAILURE_DETECTOR_OFFSET : ports.nodes();
    }

    private int failureDetectorPortRange(int p) {
        return ports == null ? ClusterConfig.DEFAULT_FAILURE_DETECTOR_PORT_RANGE
                : ports.last() - (p + failureDetectorOffset());
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TestCluster[" + cluster.name() + ", nodes " + nodes + "]";
    }
}
