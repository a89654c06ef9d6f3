package io.loomotp.telecom;

import io.loomotp.Restart;
import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.DistributedApp;
import io.loomotp.cluster.DistributedApplications;
import io.loomotp.cluster.SyncNodes;
import io.loomotp.observer.Observer;
import io.loomotp.observer.ObserverOptions;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import io.loomotp.runtime.application.StartType;
import io.loomotp.sys.TracingSys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/bsc --node n1}: the base-station controller as a distributed application, chapter 9's
 * {@code {bsc, 1000, [n1, {n2, n3}]}} on nodes of one machine (docs/telecom.md, "Cluster mode"). Each node joins the
 * cluster, waits for the others ({@code sync_nodes_optional}), and starts {@code bsc} as distributed; the tree and the
 * simulated phones run on the node that runs {@code bsc}, and move with it on a failover or a takeover. Every node
 * prints, once a second, the figures if {@code bsc} runs there, or where it runs otherwise. Phones on other nodes
 * reach the running instance through its {@link Switchboard}, registered as the global name {@code switchboard@<node>}.
 */
final class ClusterMode {
    /** What crosses the wire besides the generated protocols: to phones on other nodes, and the audit's answer. */
    static final Class<?>[] WIRE = {PhoneReply.class, Switchboard.Audit.class};

    /** The first port; node i of the distribution (in order of precedence) listens on {@code BASE_PORT + i}. */
    static final int BASE_PORT = 7801;

    private final PrintStream out;
    private final String nodeName;
    private final DistributedApp spec;
    private final Duration syncTimeout;
    private final Integer port;
    private final int basePort;

    ClusterMode(PrintStream out, String nodeName, String distributed, Integer port, int basePort,
                Duration syncTimeout) {
        this.out = out;
        this.port = port;
        this.basePort = basePort;
        this.nodeName = nodeName;
        this.spec = DistributedApp.parse(distributed);
        this.syncTimeout = syncTimeout;
        if (!spec.name().equals("bsc")) {
            throw new IllegalArgumentException("--distributed names application " + spec.name() + "; it must be bsc");
        }
        if (!spec.nodes().contains(nodeName)) {
            throw new IllegalArgumentException("--node " + nodeName + " is not in " + spec);
        }
    }

    /** Runs this node until {@code runFor} is over, or the input ends or says {@code q}; returns the exit status. */
    int run(BufferedReader in, Duration runFor) throws IOException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            members.add("127.0.0.1:" + (basePort + i));
        }
        int port = this.port != null ? this.port : basePort + spec.nodes().indexOf(nodeName);
        Node node = Node.create(nodeName);
        TracingSys tools = TracingSys.install(node);
        Cluster cluster = Cluster.join(node, ClusterConfig.of(nodeName, "bsc-demo").withClusterName("bsc")
                .withBindPort(port).withInitialMembers(members).withFailureTimeout(Duration.ofSeconds(1)).allow(WIRE));
        DistributedApplications dist = DistributedApplications.of(cluster);
        Observer observer = Observer.start(node, ObserverOptions.defaults().withCluster(new ClusterView(cluster)));
        List<String> others = new ArrayList<>(spec.nodes());
        others.remove(nodeName);
        out.println("bsc: node " + nodeName + " on 127.0.0.1:" + port + ", " + spec + "; waiting up to "
                + syncTimeout.toMillis() + " ms for " + others + " (sync_nodes_optional)");
        dist.syncNodes(new SyncNodes(List.of(), others, syncTimeout));
        out.println("bsc: nodes up " + cluster.nodes());
        out.println("bsc: observer at " + observer.url() + " (its Cluster panel: the nodes, global names, groups)");
        Moving app = new Moving(cluster, out);
        try {
            out.println("bsc: runs on " + dist.start(spec, app, Restart.PERMANENT));
        } catch (ClusterException e) {
            out.println("bsc: " + e.getMessage());
        }
        Thread ticker = Thread.ofPlatform().daemon().name("bsc-where").start(() -> tick(app, dist, cluster));
        long end = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        if (runFor == null) {
            for (String line; (line = in.readLine()) != null && !line.strip().equals("q"); ) {
                // the console of the single-node mode is not offered here: bin/loomotp attaches to any node
            }
        } else {
            while (System.nanoTime() - end < 0) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
        }
        ticker.interrupt();
        observer.close();
        cluster.close();
        tools.close();
        node.stop();
        return 0;
    }

    /** Once a second: the figures where bsc runs, its place elsewhere. */
    private void tick(Moving app, DistributedApplications dist, Cluster cluster) {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            next += 1_000_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
            Figures f = app.figures;
            if (f != null) {
                out.println(f.line());
            } else {
                Optional<String> at = dist.whereRuns("bsc");
                out.println("bsc: runs on " + at.orElse("no node now") + "; nodes up " + cluster.nodes());
            }
        }
    }

    /**
     * The bsc application as it moves between nodes: its tree, and the simulated phones that load it, which start
     * with the tree and stop before it ({@code prepStop}).
     */
    static final class Moving implements Application {
        private final Cluster cluster;
        private final Node node;
        private final PrintStream out;
        private final BscApplication bsc = new BscApplication();
        private volatile Load load;
        private volatile SwitchboardRef switchboard;
        volatile Figures figures;

        Moving(Cluster cluster, PrintStream out) {
            this.cluster = cluster;
            this.node = cluster.node();
            this.out = out;
        }

        @Override
        public String name() {
            return bsc.name();
        }

        @Override
        public Map<String, String> defaults() {
            return bsc.defaults();
        }

        @Override
        public Pid start(StartType type, Config config) {
            Pid top = bsc.start(config);
            BscComponent c = bsc.component();
            load = Load.start(node, c.config(), c.hlr());
            // phones on other nodes find their controllers here (docs/telecom.md, "Cluster mode")
            SwitchboardRef door = SwitchboardRef.start(node, () -> new Switchboard(c));
            switchboard = door;
            cluster.global().register(Switchboard.globalName(cluster.name()), door.pid());
            out.println("bsc: started here, start type " + type + "; " + c.config().phones() + " phones");
            figures = new Figures(node, load, c.admission(), out, null);
            return top;
        }

        @Override
        public void prepStop() {
            Load l = load;
            if (l != null) {
                l.stop();
                try {
                    l.awaitStopped(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Figures f = figures;
                figures = null;
                out.println("bsc: stopping here; " + (f == null ? "" : f.summary()));
            }
        }

        @Override
        public void stop() {
            SwitchboardRef door = switchboard;
            switchboard = null;
            if (door != null) {
                door.stop(); // its global name goes with it
            }
            figures = null;
            load = null;
            bsc.stop(); // its set-up regulator and sampler
            out.println("bsc: stopped here");
        }
    }
}
