package io.loomotp.cluster.internal;

import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One node's global locks ({@code global:set_lock}): which requester holds each resource here, and which processes
 * hold it for that requester (OTP lets several share one). It monitors every holder, so that a holder's end, or its
 * node's loss, releases what it held: the {@code Down} comes to the {@link NameServer} that owns this table, which
 * hands it to {@link #holderDied}. Asking every node named and giving back on a refusal is the name server's part.
 *
 * <p>Owner only: used by the name server's process alone (its monitors are that process's).
 */
final class LockTable {
    private record Held(Object requester, Set<Pid> pids) {}

    private final Map<String, Held> locks = new HashMap<>();
    private final Map<Pid, MonitorRef> holders = new HashMap<>();

    /** Sets the lock here for {@code pid}: free, or held for the same requester (whose holders it joins). */
    boolean set(String resource, Object requester, Pid pid) {
        Held h = locks.get(resource);
        if (h == null) {
            h = new Held(requester, new HashSet<>());
            locks.put(resource, h);
        } else if (!h.requester().equals(requester)) {
            return false;
        }
        if (h.pids().add(pid) && !holders.containsKey(pid)) {
            holders.put(pid, Process.monitor(pid)); // its end, or its node's loss, releases what it holds
        }
        return true;
    }

    /** {@code pid} lets go of its hold; the lock is free once no process holds it. */
    void release(String resource, Object requester, Pid pid) {
        Held h = locks.get(resource);
        if (h == null || !h.requester().equals(requester) || !h.pids().remove(pid)) {
            return;
        }
        if (h.pids().isEmpty()) {
            locks.remove(resource);
        }
        if (!holdsAny(pid)) {
            MonitorRef ref = holders.remove(pid);
            if (ref != null) {
                Process.demonitor(ref, true);
            }
        }
    }

    /** A monitored holder ended: what it held is released. */
    void holderDied(Pid pid) {
        if (holders.remove(pid) == null) {
            return;
        }
        locks.values().removeIf(h -> h.pids().remove(pid) && h.pids().isEmpty());
    }

    private boolean holdsAny(Pid pid) {
        for (Held h : locks.values()) {
            if (h.pids().contains(pid)) {
                return true;
            }
        }
        return false;
    }
}
