package io.loomotp.cluster;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;

/** The test JVM's own node, the first member of the test cluster, and the ways a test reaches the node JVMs. */
final class LocalNode implements AutoCloseable {
    final Node node;
    final Cluster cluster;
    final int port;

    LocalNode(String name) {
        port = NodeJvm.freePort();
        node = Node.create(name);
        cluster = Cluster.join(node, ClusterConfig.of(name, NodeJvm.SECRET).withClusterName("loomotp-test")
                .withBindPort(port).withInitialMembers(List.of("127.0.0.1:" + port))
                .withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS))
                .allow(Wire.ALLOWED).allow(Wire.OnlyHere.class));
    }

    /**
     * Starts a node JVM that joins this cluster, and waits until this node sees it up; {@code extra} are
     * {@link NodeMain}'s optional arguments.
     */
    NodeJvm startJvm(String name, String... extra) {
        int p = NodeJvm.freePort();
        NodeJvm jvm = NodeJvm.start(name, p, "127.0.0.1:" + port + ",127.0.0.1:" + p, extra);
        try {
            io.loomotp.runtime.testing.Await.until(() -> cluster.nodes().contains(name), "node " + name + " up");
        } catch (AssertionError e) {
            jvm.close();
            throw new AssertionError(e.getMessage() + "; its output:\n" + jvm.output(), e);
        }
        return jvm;
    }

    /** The pid registered as {@code name} on a node JVM, asked of its agent. */
    Pid whereis(String nodeName, String name) {
        Probe p = Probe.spawn(node);
        cluster.send(nodeName, "agent", new Wire.WhoIs(p.pid(), name));
        return p.next(Wire.Found.class).pid();
    }

    /** A fresh, unregistered Kv server on a node JVM. */
    Pid freshKv(String nodeName) {
        Probe p = Probe.spawn(node);
        cluster.send(nodeName, "agent", new Wire.StartKv(p.pid()));
        return p.next(Wire.Found.class).pid();
    }

    /** Starts a {@link DistApp} on a node JVM as distributed by {@code spec}; its answer says where it runs. */
    Wire.DistStarted startDist(String nodeName, String spec, Pid observer) {
        Probe p = Probe.spawn(node);
        cluster.send(nodeName, "agent", new Wire.StartDist(p.pid(), observer, spec));
        return p.next(Wire.DistStarted.class);
    }

    /**
     * Closes what a test class started, in the order given (node JVMs first, then this node), skipping what never
     * started because an earlier start failed.
     */
    static void closeAll(AutoCloseable... started) {
        for (AutoCloseable c : started) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + c + " failed", e);
                }
            }
        }
    }

    static Duration bound() {
        return Duration.ofSeconds(5);
    }

    @Override
    public void close() {
        cluster.close();
        node.close();
    }
}
