package io.loomotp.cluster.tutorial;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.NodeDown;
import io.loomotp.cluster.NodeUp;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.sys.Sys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Node a of the distributed tutorial: finds b's counter, calls it, traces it, links to it, and sees b lost. */
public final class NodeA {
    private NodeA() {}

    public static void main(String[] args) throws Exception {
        Node node = Node.create("a");
        Cluster cluster = Cluster.join(node, ClusterConfig.of("a", "s3cret").withBindPort(7800)
                .withInitialMembers(List.of("127.0.0.1:7800", "127.0.0.1:7801"))
                .withFailureTimeout(Duration.ofSeconds(1)));
        CountDownLatch done = new CountDownLatch(1);
        node.spawn(() -> {
            cluster.monitorNodes(Process.self(), true);
            while (!cluster.nodes().contains("b")) {
                Process.receive(NodeUp.class, Duration.ofSeconds(30));
            }
            System.out.println("connected to " + cluster.nodes());

            cluster.spawn("b", "find-counter", Process.self());          // spawn(b, M, F, [self()])
            Pid pid = Process.receive(Pid.class, Duration.ofSeconds(5));
            CounterRef counter = CounterRef.of(pid);
            System.out.println("b's counter is " + pid + "; add(5) -> " + counter.add(5));

            Sys.trace(counter, line -> System.out.println("  " + line));  // b's trace lines, printed here
            System.out.println("add(2) -> " + counter.add(2));
            Sys.trace(counter, false);

            Process.trapExits(true);
            Process.link(pid);
            cluster.monitorNode("b");
            System.out.println("linked to " + pid + "; now kill node b");
            for (int seen = 0; seen < 2; seen++) {
                switch (Process.receive()) {
                    case Exit e -> System.out.println("exit signal from " + e.from() + ": " + e.reason());
                    case NodeDown d -> System.out.println("node " + d.node() + " is down");
                    default -> seen--;
                }
            }
            done.countDown();
        });
        done.await();
        cluster.close();
        node.close();
    }
}
