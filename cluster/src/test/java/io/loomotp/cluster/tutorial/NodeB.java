package io.loomotp.cluster.tutorial;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import java.time.Duration;
import java.util.List;

/** Node b of the distributed tutorial: a counter registered as "counter", and a way for others to find it. */
public final class NodeB {
    private NodeB() {}

    public static void main(String[] args) throws Exception {
        Node node = Node.create("b");
        Cluster cluster = Cluster.join(node, ClusterConfig.of("b", "s3cret").withBindPort(7801)
                .withInitialMembers(List.of("127.0.0.1:7800", "127.0.0.1:7801"))
                .withFailureTimeout(Duration.ofSeconds(1)));
        CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
        // what another node may spawn here: a process that sends the counter's pid to whoever asks
        cluster.registerSpawnable("find-counter", asker -> () -> Process.send((Pid) asker, node.whereis("counter")));
        System.out.println("b is up; ^C or kill -9 to lose it");
        Thread.currentThread().join(); // lives until killed
    }
}
