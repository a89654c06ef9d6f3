package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * The cluster's own processes on a node (the global name server, {@code rex}, the distributed application controller,
 * a pg scope) are OTP's kernel_sup children: one of them ending takes the node out of its cluster, with one error
 * line, and the node may join again. Two nodes in this JVM, on loopback.
 */
class KernelProcessTest {
    private static final String CLUSTER = "loomotp-kernel";
    private static Node y;
    private static Cluster yCluster;
    private static int yPort;

    @BeforeAll
    static void startY() {
        yPort = NodeJvm.freePort();
        y = Node.create("y");
        yCluster = Cluster.join(y, config("y", yPort));
    }

    @AfterAll
    static void stopY() {
        LocalNode.closeAll(yCluster, y);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rex", "global_name_server", "loomotp.dist_ac", "pg"})
    void kernelProcessKilled_nodeLeavesItsCluster_oneErrorLine_andJoinsAgain(String name) {
        Probe events = Probe.spawn(y);
        yCluster.monitorNodes(events.pid(), true);
        try (LogCapture.Capture errors = LogCapture.capture(KernelProcessTest::ours);
             Node x = Node.create("x")) {
            Cluster first = Cluster.join(x, config("x", NodeJvm.freePort()));
            assertThat(events.next()).isEqualTo(new NodeUp("x"));
            if (name.equals("pg")) {
                first.pg(); // the default scope starts at its first use, as the others at the join
            }
            Pid victim = x.whereis(name);
            assertThat(victim).isNotNull();

            x.exit(victim, ExitReason.KILL);

            assertThat(events.next()).as("y sees x go").isEqualTo(new NodeDown("x"));
            assertThat(errors.await(1).getFirst().message()).contains("node x: its ", name, victim.toString(),
                    "ended with reason killed", "the node leaves its cluster");
            // x's membership ends with the close the loss set off: then x may join again, and its names are free
            Cluster again = Await.until(() -> {
                try {
                    return Cluster.join(x, config("x", NodeJvm.freePort()));
                } catch (ClusterException stillClosing) {
                    return null;
                }
            }, "x free to join again");
            assertThat(first.nodes()).isEmpty();
            assertThat(events.next()).as("x up again").isEqualTo(new NodeUp("x"));
            assertThat(again.whereis("y", "rex")).as("y's rex, asked through x's").isNotNull();
            again.close();
            assertThat(events.next()).isEqualTo(new NodeDown("x"));
            assertThat(errors.events()).as("a close is no loss").hasSize(1);
        } finally {
            yCluster.monitorNodes(events.pid(), false);
        }
    }

    /**
     * A distributed application running on a node that leaves this way stops there, as it would with OTP's halted node,
     * while the other node fails it over: it does not run twice. Two nodes of their own, in a cluster of their own.
     */
    @Test
    void kernelProcessKilled_distributedApplicationRunningHere_stopsHere_theOtherNodeFailsItOver() {
        Duration bound = Duration.ofSeconds(20);
        int pp = NodeJvm.freePort();
        int pq = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pp, "127.0.0.1:" + pq);
        Node p = Node.create("p");
        Node q = Node.create("q");
        try (LogCapture.Capture errors = LogCapture.capture(KernelProcessTest::ours);
             Cluster cp = Cluster.join(p, dist(p, pp, members));
             Cluster cq = Cluster.join(q, dist(q, pq, members))) {
            Await.until(() -> cp.nodes().contains("q") && cq.nodes().contains("p"), "p and q see each other");
            AppEvents onP = new AppEvents(p);
            AppEvents onQ = new AppEvents(q);
            DistributedApp spec = DistributedApp.parse("{app_kernel, 0, [p, q]}");
            assertThat(DistributedApplications.of(cp).start(spec, new DistApp("app_kernel", p, onP.pid()),
                    Restart.TEMPORARY)).isEqualTo("p");
            assertThat(onP.next(bound)).isEqualTo(new Wire.AppEvent("p", "app_kernel", "normal"));
            assertThat(DistributedApplications.of(cq).start(spec, new DistApp("app_kernel", q, onQ.pid()),
                    Restart.TEMPORARY)).isEqualTo("p");

            p.exit(p.whereis("rex"), ExitReason.KILL);

            assertThat(onP.next(bound)).as("p's instance stops").isEqualTo(new Wire.AppEvent("p", "app_kernel",
                    "stopped"));
            assertThat(p.whereis("app_kernel")).isNull();
            assertThat(onQ.next(bound)).as("q fails it over").isEqualTo(new Wire.AppEvent("q", "app_kernel",
                    "{failover, p}"));
            assertThat(errors.await(1).getFirst().message()).contains("node p: its rpc server rex");
        } finally {
            q.stop(); // its instance of app_kernel shut down with its tree, not killed with the node
            p.close();
        }
    }

    private static ClusterConfig dist(Node node, int port, List<String> members) {
        return TwoNodes.config(node.name(), "loomotp-kernel-dist", port, members);
    }

    /** A close, or the node's own end without a close, stops the cluster's processes without a loss. */
    @Test
    void closeOrNodeEnd_noErrorLine() {
        try (LogCapture.Capture errors = LogCapture.capture(KernelProcessTest::ours)) {
            try (Node x = Node.create("x")) {
                Cluster.join(x, config("x", NodeJvm.freePort())).close();
            }
            Node x = Node.create("x");
            Cluster c = Cluster.join(x, config("x", NodeJvm.freePort()));
            c.pg();
            x.close(); // the processes go with the node, the cluster is closed after
            c.close();
            Await.until(() -> !yCluster.nodes().contains("x"), "x gone from y's view");
            assertThat(errors.events()).isEmpty();
        }
    }

    /** An error line of Loom OTP's own (JGroups' lines, which a leaving member may cause, are not this test's). */
    private static boolean ours(LogCapture.Event e) {
        return e.level() == Level.ERROR && e.logger().startsWith("io.loomotp");
    }

    private static ClusterConfig config(String name, int port) {
        return TwoNodes.config(name, CLUSTER, port, List.of("127.0.0.1:" + yPort, "127.0.0.1:" + port));
    }
}
