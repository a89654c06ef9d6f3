package io.loomotp.metrics.cluster;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.testkit.cluster.TestNodeMain;

/**
 * The node JVM of {@link ClusterMetricsTest}: a node that joins the test's cluster and offers one spawnable,
 * {@code echo}, whose process sends every message it receives to the pid it was spawned with.
 */
public final class RemoteNodeMain {
    private RemoteNodeMain() {}

    public static void main(String[] args) {
        TestNodeMain.run(config -> config, (node, cluster, commands) ->
                cluster.registerSpawnable("echo", replyTo -> () -> {
                    for (;;) {
                        Process.send((Pid) replyTo, Process.receive());
                    }
                }));
    }
}
