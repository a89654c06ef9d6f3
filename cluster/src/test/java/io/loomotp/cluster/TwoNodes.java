package io.loomotp.cluster;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.testing.Await;
import java.time.Duration;
import java.util.List;

/**
 * Two nodes of the test JVM, {@code x} and {@code y}, in a cluster of their own on loopback, up to each other. Closing
 * closes both memberships, then stops {@code x} (its distributed applications shut down with their trees, not killed
 * with the node, which could log a crash report about a test's own clean-up) and closes {@code y}.
 */
record TwoNodes(Node x, Node y, Cluster cx, Cluster cy) implements AutoCloseable {

    static TwoNodes start(String clusterName) {
        int px = NodeJvm.freePort();
        int py = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + px, "127.0.0.1:" + py);
        Node x = Node.create("x");
        Node y = Node.create("y");
        Cluster cx = null;
        try {
            cx = Cluster.join(x, config("x", clusterName, px, members));
            Cluster cy = Cluster.join(y, config("y", clusterName, py, members));
            Cluster first = cx;
            Await.until(() -> first.nodes().contains("y") && cy.nodes().contains("x"), "x and y see each other");
            return new TwoNodes(x, y, cx, cy);
        } catch (RuntimeException | AssertionError e) {
            LocalNode.closeAll(cx, x, y);
            throw e;
        }
    }

    /** A node of this JVM in cluster {@code clusterName}, on loopback, with the tests' failure timeout. */
    static ClusterConfig config(String name, String clusterName, int port, List<String> members) {
        return ClusterConfig.of(name, NodeJvm.SECRET).withClusterName(clusterName).withBindPort(port)
                .withInitialMembers(members).withFailureTimeout(Duration.ofMillis(NodeJvm.FAILURE_TIMEOUT_MS));
    }

    @Override
    public void close() {
        try {
            cx.close();
            cy.close();
        } finally {
            x.stop();
            y.close();
        }
    }
}
