package io.loomotp.runtime.internal;

import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local process's links and monitors that reach other nodes: its side of the signal table for remote pids. Null on
 * a process that never touched a remote pid, so that a purely local process pays one null field.
 *
 * <p>Guarded by the owning process's monitor, as its local links and monitors are (see {@link Signals}); taken out
 * whole by its death.
 */
final class RemoteTies {
    /** A monitor this process holds on a remote process. */
    record Watch(MonitorRef ref, RemotePid target) {}

    /** A monitor a remote process holds on this one: the watcher and its reference number. */
    record Watcher(RemotePid watcher, long ref) {}

    final Set<RemotePid> links = new LinkedHashSet<>(4);
    final Map<Long, Watch> monitors = new HashMap<>(4);
    final Set<Watcher> monitoredBy = new LinkedHashSet<>(4);

    boolean isEmpty() {
        return links.isEmpty() && monitors.isEmpty() && monitoredBy.isEmpty();
    }

    /** Takes out everything that names {@code node}: its links and watches into the lists, its watchers dropped. */
    void removeNode(RemoteNode node, List<RemotePid> lostLinks, List<Watch> lostWatches) {
        for (Iterator<RemotePid> it = links.iterator(); it.hasNext(); ) {
            RemotePid p = it.next();
            if (p.node().equals(node)) {
                lostLinks.add(p);
                it.remove();
            }
        }
        for (Iterator<Watch> it = monitors.values().iterator(); it.hasNext(); ) {
            Watch w = it.next();
            if (w.target().node().equals(node)) {
                lostWatches.add(w);
                it.remove();
            }
        }
        monitoredBy.removeIf(w -> w.watcher().node().equals(node));
    }
}
