package io.loomotp.runtime.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;

/**
 * A process of another node of this JVM, reached through its process object rather than through a pid that came in
 * a message: a test that makes two nodes of one cluster in one JVM and hands a pid from one to the other through a
 * variable. Erlang has no such path (a pid of another node always came over the wire), so a process of a node in a
 * cluster sees such a pid as the cluster names it: its signals and messages cross the cluster, are checked against
 * the allow-list, and end with {@code noconnection} when the two nodes disconnect, as between JVMs. Between nodes
 * of which either is in no cluster, the process object is used directly, as before (no cluster could carry it).
 */
public final class CrossNode {
    private CrossNode() {}

    /**
     * {@code target} as a process of {@code here} must see it: itself, if it is of {@code here}, or {@code here} is in
     * no cluster, or {@code target}'s node never joined one; else its pid in {@code here}'s cluster. A node that
     * left its cluster keeps the name and incarnation it had there, so its processes stay out of reach as a node
     * gone is, not reachable again directly.
     */
    public static Pid seenFrom(NodeRuntime here, ProcessImpl target) {
        NodeRuntime there = target.node;
        if (there == here || there == null || here == null) {
            return target;
        }
        String theirName = there.clusterName();
        if (theirName == null) {
            return target;
        }
        ClusterViews.View mine = ClusterViews.of((Node) here.facade());
        if (mine == null) {
            return target;
        }
        return mine.caller().pidOf(theirName, there.clusterCreation(), target.serial());
    }

    /**
     * Whether {@code remote} is the pid by which {@code target}'s cluster names it: the same serial, and {@code
     * target}'s node joined a cluster under {@code remote}'s node name and incarnation (whether it is still in it or
     * not, as a pid is a value). For pid equality only, off every message path.
     */
    static boolean names(io.loomotp.runtime.remote.RemotePid remote, ProcessImpl target) {
        NodeRuntime there = target.node;
        if (remote.serial() != target.serial() || there == null) {
            return false;
        }
        String name = there.clusterName();
        return name != null && name.equals(remote.node().name())
                && there.clusterCreation() == remote.node().creation();
    }
}
