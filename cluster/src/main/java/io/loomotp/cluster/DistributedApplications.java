package io.loomotp.cluster;

import io.loomotp.Restart;
import io.loomotp.cluster.internal.DistController;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.ApplicationStartException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Distributed applications on a node of a cluster: OTP's {@code dist_ac} with the kernel's {@code distributed} and
 * {@code sync_nodes_*} parameters. An application started on several nodes with the same {@link DistributedApp} runs
 * on exactly one of them: the first alive in its precedence list. When that node is lost, the next one starts it after
 * the failover wait, told {@code {failover, Lost}}; when a node of higher precedence starts it later, that node takes
 * it over, told {@code {takeover, Old}}, and the old instance stops once the new one is up. The start type reaches
 * {@link Application#start(io.loomotp.runtime.application.StartType, io.loomotp.runtime.application.Config)}.
 *
 * <pre>{@code
 * DistributedApplications dist = DistributedApplications.of(cluster);
 * dist.syncNodes(new SyncNodes(List.of("n1"), List.of("n2", "n3", "n4"), Duration.ofSeconds(15)));
 * String at = dist.start(DistributedApp.parse("{bsc, 1000, [n1, {n2, n3}, n4]}"), new Bsc(), Restart.PERMANENT);
 * dist.whereRuns("bsc");   // Optional[n1]
 * }</pre>
 *
 * <p>Every node of the cluster has a controller from the moment it joins (see docs/distribution.md for the decision
 * rule and what happens in a partition). Threading: every method may be called from any thread.
 */
public final class DistributedApplications {
    /** How long {@link #start(DistributedApp, Application, Restart)} waits for the application to run somewhere. */
    public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final DistController controller;

    private DistributedApplications(Cluster cluster) {
        this.cluster = cluster;
        this.controller = cluster.distributed();
    }

    /** The distributed applications of the node {@code cluster} joined. */
    public static DistributedApplications of(Cluster cluster) {
        return new DistributedApplications(Objects.requireNonNull(cluster, "cluster"));
    }

    /**
     * Waits for the nodes {@code sync} names, as an OTP node does when it starts: until every mandatory and optional
     * node is up, or until the timeout. Returns once all are up, or at the timeout if every mandatory node is up.
     *
     * @throws SyncNodesException if a mandatory node is not up at the timeout (OTP's node does not start)
     */
    public void syncNodes(SyncNodes sync) {
        Objects.requireNonNull(sync, "sync");
        Set<String> all = new LinkedHashSet<>(sync.mandatory());
        all.addAll(sync.optional());
        all.remove(cluster.name());
        CompletableFuture<Void> up = controller.sync(all);
        long nanos;
        try {
            nanos = sync.timeout().toNanos();
        } catch (ArithmeticException forever) {
            nanos = Long.MAX_VALUE; // OTP's infinity: ChronoUnit.FOREVER.getDuration()
        }
        try {
            up.get(nanos, TimeUnit.NANOSECONDS);
            return;
        } catch (TimeoutException e) {
            up.cancel(false);
        } catch (ExecutionException e) {
            throw new ClusterException("sync_nodes on " + cluster.name() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for sync_nodes on " + cluster.name(), e);
        }
        List<String> missing = new ArrayList<>(sync.mandatory());
        missing.remove(cluster.name());
        missing.removeAll(cluster.nodes());
        if (!missing.isEmpty()) {
            throw new SyncNodesException(cluster.name(), missing, sync.timeout().toMillis());
        }
    }

    /** As {@link #start(DistributedApp, Application, Restart, Duration)}, waiting up to {@link #DEFAULT_START_WAIT}. */
    public String start(DistributedApp spec, Application app, Restart type) {
        return start(spec, app, type, DEFAULT_START_WAIT);
    }

    /**
     * Starts {@code app} on this node as a distributed application: OTP's {@code application:start/2} of an application
     * named in {@code distributed}. This node becomes a candidate to run it; the application starts here if this node
     * is the first alive in the precedence list among those that started it, and elsewhere otherwise. Returns, as OTP's
     * call does, once the application runs somewhere: the name of that node.
     *
     * @param type what the application's end does to the node where it runs, as for a local application
     * @throws IllegalArgumentException if {@code spec} names another application, or does not name this node
     * @throws IllegalStateException if it was already started here as distributed
     * @throws ApplicationStartException if this node had to start it and its start failed
     * @throws ClusterException if it runs nowhere within {@code wait}
     */
    public String start(DistributedApp spec, Application app, Restart type, Duration wait) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(type, "type");
        if (!spec.name().equals(app.name())) {
            throw new IllegalArgumentException("the distribution " + spec + " is for application " + spec.name()
                    + ", not " + app.name());
        }
        if (!spec.nodes().contains(cluster.name())) {
            throw new IllegalArgumentException("node " + cluster.name() + " is not in " + spec
                    + ": it cannot run application " + spec.name());
        }
        CompletableFuture<String> at = controller.start(spec, app, type);
        try {
            return at.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ApplicationStartException(spec.name(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterException("application " + spec.name() + " runs on no node " + wait.toMillis()
                    + " ms after it was started on " + cluster.name() + " (nodes up: " + cluster.nodes() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while starting application " + spec.name(), e);
        }
    }

    /**
     * The node a distributed application runs on now, as this node knows it; empty if it runs nowhere (between a
     * loss and its failover, for example) or this node has never heard of it. Any node of the cluster can ask, not only
     * those that run the application: a client uses it to find the node to send its requests to.
     */
    public Optional<String> whereRuns(String application) {
        return Optional.ofNullable(controller.where().get(Objects.requireNonNull(application, "application")));
    }

    /** Every distributed application known to this node that runs somewhere, with its node. */
    public Map<String, String> running() {
        return controller.where();
    }
}
