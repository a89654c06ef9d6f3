package io.loomotp.telecom;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.Global;
import io.loomotp.observer.ClusterInfo;
import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The observer's view of this node's cluster (its Cluster panel): the global names and the default scope's process
 * groups, read from this node's replicas. The sample holds both the cluster and the observer, so the few lines that
 * join them live here: the observer does not depend on the cluster module (docs/observer.md, "Cluster").
 */
final class ClusterView implements ClusterInfo {
    private final Cluster cluster;

    ClusterView(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Map<String, Pid> globalNames() {
        Map<String, Pid> names = new TreeMap<>();
        for (String n : cluster.global().registeredNames()) {
            Pid p = cluster.global().whereis(n);
            if (p != null) { // unregistered meanwhile
                names.put(n, p);
            }
        }
        return names;
    }

    @Override
    public Map<String, List<Pid>> groups() {
        Map<String, List<Pid>> groups = new TreeMap<>();
        for (String g : cluster.pg().whichGroups()) {
            groups.put(g, cluster.pg().members(g));
        }
        return groups;
    }

    @Override
    public String nodeOf(Pid pid) {
        return Global.nodeName(pid);
    }
}
