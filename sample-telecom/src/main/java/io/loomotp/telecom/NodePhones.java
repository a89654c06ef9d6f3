package io.loomotp.telecom;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.DistributedApplications;
import io.loomotp.runtime.Pid;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated phones of one node in cluster mode ({@code bin/bsc --node n2 --phones 40}): they live on this node,
 * whichever node runs {@code bsc}, and reach it through global names, so that they outlive a failover or a takeover
 * (issue 15 §5, "phones on any node"). It owns this node's numbers (node <i>i</i> of the distribution, counted from 1,
 * has {@code i*100000}, {@code i*100000 + 1}, ...; the directory the phones dial is every node's numbers), starts and
 * stops the current set of phones, and its figures. Not thread-safe: the cluster mode's command loop drives it; the
 * figures' ticker reads {@link #figures()}, which is volatile.
 */
final class NodePhones {
    /** Each node's numbers start at its place in the distribution times this; so a node has fewer phones. */
    static final int NUMBERS_PER_NODE = 100_000;

    private final Cluster cluster;
    private final DistributedApplications dist;
    private final BscConfig config;
    private final int firstNumber;
    private final List<String> directory = new ArrayList<>();
    private final PrintStream out;
    private Load load;
    private volatile Figures figures;

    /**
     * The phones of the node at {@code place} (0 for the first) of a distribution of {@code nodes} nodes.
     *
     * @throws IllegalArgumentException if {@code config.phones()} is not below {@link #NUMBERS_PER_NODE}
     */
    NodePhones(Cluster cluster, DistributedApplications dist, BscConfig config, int place, int nodes,
               PrintStream out) {
        check(config);
        this.cluster = cluster;
        this.dist = dist;
        this.config = config;
        this.out = out;
        this.firstNumber = NUMBERS_PER_NODE * (place + 1);
        for (int i = 1; i <= nodes; i++) {
            for (int p = 0; p < config.phones(); p++) {
                directory.add(String.valueOf(NUMBERS_PER_NODE * i + p));
            }
        }
    }

    /**
     * Checks that a node's phones have numbers of their own.
     *
     * @throws IllegalArgumentException if {@code config.phones()} is not below {@link #NUMBERS_PER_NODE}
     */
    static void check(BscConfig config) {
        if (config.phones() >= NUMBERS_PER_NODE) {
            throw new IllegalArgumentException("--phones " + config.phones() + " is too many for cluster mode: at "
                    + "most " + (NUMBERS_PER_NODE - 1) + " a node");
        }
    }

    /** Starts a new set of phones, with figures from zero; false if they run already or there are none. */
    boolean start() {
        if (load != null || config.phones() == 0) {
            return false;
        }
        load = Load.startRemote(cluster.node(), config, firstNumber, directory,
                number -> controllerOf(cluster, dist, number));
        figures = new Figures(cluster.node(), load, CallAdmission.NONE, out, null);
        out.println("bsc: " + config.phones() + " phones here, numbers " + firstNumber + "-"
                + (firstNumber + config.phones() - 1) + ", " + config.callsPerSecond() + " call attempts a second");
        return true;
    }

    /**
     * Stops the phones: each finishes its call, tells its controller it leaves, and ends; then prints what they saw.
     * False if none ran.
     */
    boolean stop(Duration bound) throws InterruptedException {
        Load l = load;
        if (l == null) {
            return false;
        }
        l.stop();
        boolean all = l.awaitStopped(bound);
        Figures f = figures;
        figures = null;
        load = null;
        f.stop();
        out.println("bsc: phones stopped" + (all ? "" : " (some still in a call after " + bound.toSeconds() + " s)")
                + "; " + f.callsSummary());
        return true;
    }

    /** The figures of the phones now running; null if none run. */
    Figures figures() {
        return figures;
    }

    /**
     * The controller of a phone on this node: asked of the switchboard of the node where {@code bsc} runs now (a local
     * call when it runs here); null if none is to be had now, because it is failing over, or stopping for a takeover,
     * or its node was just lost: the phone asks again.
     */
    static Pid controllerOf(Cluster cluster, DistributedApplications dist, String number) {
        Optional<String> at = dist.whereRuns("bsc");
        Pid board = at.map(n -> cluster.global().whereis(Switchboard.globalName(n))).orElse(null);
        if (board == null) {
            return null;
        }
        try {
            List<Pid> found = SwitchboardRef.of(board).controller(number, Duration.ofSeconds(2));
            return found.isEmpty() ? null : found.get(0);
        } catch (RuntimeException goneOrSlow) {
            return null;
        }
    }
}
