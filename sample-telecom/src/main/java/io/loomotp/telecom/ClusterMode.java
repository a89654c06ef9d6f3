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
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/bsc --node n1}: the base-station controller as a distributed application, chapter 9's
 * {@code {bsc, 1000, [n1, {n2, n3}]}} on nodes of one machine (docs/telecom.md, "Cluster mode"). Each node joins the
 * cluster, waits for the others ({@code sync_nodes_optional}), and starts {@code bsc} as distributed; the tree runs on
 * one node and moves on a failover or a takeover. Every node runs its own simulated phones ({@link NodePhones}), which
 * reach the running instance through its {@link Switchboard}, registered as the global name
 * {@code switchboard@<node>}, and so outlive the loss of the node that runs it. Every node prints, once a second, its
 * phones' figures and where {@code bsc} runs (with the tree's figures where it runs), and reads commands: {@code phones
 * stop}, {@code phones start}, {@code q}.
 */
final class ClusterMode {
    /** What crosses the wire besides the generated protocols: to phones on other nodes, and the audit's answer. */
    static final Class<?>[] WIRE = {PhoneReply.class, Switchboard.Audit.class};

    /** The first port; node i of the distribution (in order of precedence) listens on {@code BASE_PORT + i}. */
    static final int BASE_PORT = 7801;

    /** How long the phones have to finish their calls when they stop. */
    private static final Duration DRAIN = Duration.ofSeconds(20);

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

    /**
     * Runs this node until {@code runFor} is over or, without one, until the input ends or says {@code q}; returns the
     * exit status. Without {@code runFor} it reads commands from {@code in}.
     */
    int run(BufferedReader in, Duration runFor) throws IOException, InterruptedException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            members.add("127.0.0.1:" + (basePort + i));
        }
        int place = spec.nodes().indexOf(nodeName);
        int port = this.port != null ? this.port : basePort + place;
        BscConfig phonesConfig = BscConfig.from(Config.load("bsc", BscConfig.DEFAULTS));
        NodePhones.check(phonesConfig); // before anything starts: one line, status 2
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
        NodePhones phones = new NodePhones(cluster, dist, phonesConfig, place, spec.nodes().size(), out);
        phones.start();
        Thread ticker = Thread.ofPlatform().daemon().name("bsc-where").start(() -> tick(app, phones, dist, cluster));
        if (runFor == null) {
            commands(in, phones);
        } else {
            long end = System.nanoTime() + runFor.toNanos();
            while (System.nanoTime() - end < 0) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
        }
        ticker.interrupt();
        phones.stop(DRAIN);
        observer.close();
        cluster.close();
        tools.close();
        node.stop();
        return 0;
    }

    /** The operator's commands, one a line, until {@code q} or the end of the input. */
    private void commands(BufferedReader in, NodePhones phones) throws IOException, InterruptedException {
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.strip()) {
                case "q" -> {
                    return;
                }
                case "phones stop" -> {
                    if (!phones.stop(DRAIN)) {
                        out.println("bsc: no phones run here");
                    }
                }
                case "phones start" -> {
                    if (!phones.start()) {
                        out.println("bsc: phones run here already, or --phones is 0");
                    }
                }
                case "" -> { }
                default -> out.println("bsc: cluster mode reads 'phones stop', 'phones start' and 'q' (bin/loomotp "
                        + "attaches to any node for the rest)");
            }
        }
    }

    /** Once a second: this node's phones, where bsc runs, and the tree's figures where it runs here. */
    private void tick(Moving app, NodePhones phones, DistributedApplications dist, Cluster cluster) {
        long next = System.nanoTime();
        List<String> up = cluster.nodes();
        while (!Thread.currentThread().isInterrupted()) {
            next += 1_000_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
            if (!cluster.nodes().equals(up)) {
                up = cluster.nodes();
                out.println("bsc: nodes up " + up);
            }
            String at = dist.whereRuns("bsc").orElse("no node now");
            Figures f = phones.figures();
            out.println(f != null ? f.clusterLine(at, app.here) : "bsc: runs on " + at + "; nodes up " + up);
        }
    }

    /**
     * The bsc application as it moves between nodes: its tree, and the switchboard through which every node's phones
     * reach it.
     */
    static final class Moving implements Application {
        private final Cluster cluster;
        private final Node node;
        private final PrintStream out;
        private final BscApplication bsc = new BscApplication();
        private volatile SwitchboardRef switchboard;
        /** Whether bsc runs on this node now. */
        volatile boolean here;

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
            // the phones of every node find their controllers here (docs/telecom.md, "Cluster mode")
            SwitchboardRef door = SwitchboardRef.start(node, () -> new Switchboard(c));
            switchboard = door;
            cluster.global().register(Switchboard.globalName(cluster.name()), door.pid());
            here = true;
            out.println("bsc: started here, start type " + type + "; " + c.config().frequencies().size()
                    + " frequencies");
            return top;
        }

        @Override
        public void prepStop() {
            here = false;
            out.println("bsc: stopping here; the phones' calls through it are cut, and they find the next instance");
        }

        @Override
        public void stop() {
            SwitchboardRef door = switchboard;
            switchboard = null;
            if (door != null) {
                door.stop(); // its global name goes with it
            }
            here = false;
            bsc.stop(); // its set-up regulator and sampler
            out.println("bsc: stopped here");
        }
    }
}
