package io.loomotp.runtime.internal;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links, monitors and exit signals, with Erlang's semantics (Designing for Scalability, Table 2-1).
 *
 * <table>
 *   <caption>What an exit signal does to the process it reaches</caption>
 *   <tr><th>reason</th><th>trapping exits</th><th>not trapping exits</th></tr>
 *   <tr><td>normal</td><td>receives {@code Exit(from, normal)}</td><td>nothing (unless it sent it to itself)</td></tr>
 *   <tr><td>kill, sent by {@code exit/2}</td><td>ends with {@code killed}</td><td>ends with {@code killed}</td></tr>
 *   <tr><td>any other (kill through a link too)</td><td>receives {@code Exit(from, reason)}</td>
 *       <td>ends with that reason</td></tr>
 * </table>
 *
 * <p>Only {@code exit(Pid, kill)} is untrappable. A process that ends itself with {@code exit(kill)} ends with reason
 * {@code kill}, and its links carry {@code kill} as any other reason: a trapping neighbour receives
 * {@code Exit(from, kill)}, another ends with {@code kill} (BEAM's {@code erl_proc_sig_queue.c}, where only an
 * {@code exit/2} signal with reason {@code kill} becomes {@code killed}).
 *
 * <h2>Locking</h2>
 * Each process's link set, monitor maps and exit reason are guarded by its own monitor. Only {@link #link} and
 * {@link #unlink} hold two such locks at once, and they take them in pid order; every other operation holds one lock at
 * a time. A death takes its victim's lock once, to set the exit reason and take the links and monitors out; it then
 * visits each neighbour under that neighbour's lock. Deaths that a death causes are processed from a work list, not
 * by recursion, so a long chain of links cannot overflow a stack.
 *
 * <h2>Exactly once</h2>
 * A link fires only if it still exists when the signal is delivered (it is removed under the neighbour's lock), and a
 * monitor's {@link Down} is delivered only by whoever removes the monitor from the watcher's map. That is what makes
 * {@code unlink} and {@code demonitor} final, and a {@code Down} arrive exactly once.
 */
public final class Signals {
    private Signals() {}

    private record Death(ProcessImpl process, ExitReason reason, List<ProcessImpl> links,
                         Map<MonitorRef, ProcessImpl> monitoredBy, Map<MonitorRef, ProcessImpl> monitors,
                         RemoteTies remote) {}

    /**
     * Ends a process with a reason, if it is alive, and propagates: links, monitors, pending calls, name. Any thread.
     *
     * @return true if this call ended it; false if it was already dead
     */
    public static boolean exit(ProcessImpl process, ExitReason reason) {
        return exit(process, reason, null);
    }

    /**
     * As {@link #exit(ProcessImpl, ExitReason)}; if this call ends the process, {@code beforeSignals} runs first, before
     * its links and monitors are told: a crash report written there comes before any {@code Down} or {@code EXIT}, as
     * {@code proc_lib:exit_p/3} writes its crash report before it exits.
     */
    public static boolean exit(ProcessImpl process, ExitReason reason, Runnable beforeSignals) {
        Death death = markDead(process, reason, beforeSignals);
        if (death == null) {
            return false;
        }
        propagate(death);
        return true;
    }

    /** Sends an exit signal from one process (or the node's system process) to another: Erlang's {@code exit/2}. */
    public static void send(ProcessImpl from, ProcessImpl to, ExitReason reason) {
        Death death = receive(to, from, reason, false);
        if (death != null) {
            propagate(death);
        }
    }

    /**
     * An exit signal from a process of another node arrives: as {@link #send}, with a remote sender; {@code linked}
     * if it is a link's signal (a trappable {@code kill}), not {@code exit/2}'s.
     */
    static void signal(ProcessImpl to, Pid from, ExitReason reason, boolean linked) {
        Death death = receive(to, from, reason, linked);
        if (death != null) {
            propagate(death);
        }
    }

    /**
     * What an exit signal does on arrival; see the table above. {@code linked} for a link's signal, whose {@code kill}
     * is trappable. Returns the death it caused, if any.
     */
    private static Death receive(ProcessImpl to, Pid from, ExitReason reason, boolean linked) {
        if (to.exitReason != null) {
            return null;
        }
        if (reason instanceof ExitReason.Kill && !linked) {
            return markDead(to, ExitReason.KILLED);
        }
        if (to.trapExits()) {
            to.deliverSignal(new Exit(from, reason));
            return null;
        }
        if (reason instanceof ExitReason.Normal) {
            return from == to ? markDead(to, reason) : null;
        }
        return markDead(to, reason);
    }

    private static Death markDead(ProcessImpl p, ExitReason r) {
        return markDead(p, r, null);
    }

    /** {@code beforeSignals}, if any, runs once the death is decided and before anyone is told: callers, links. */
    private static Death markDead(ProcessImpl p, ExitReason r, Runnable beforeSignals) {
        String name;
        Object links;
        HashMap<MonitorRef, ProcessImpl> monitoredBy;
        HashMap<MonitorRef, ProcessImpl> monitors;
        RemoteTies remote;
        Set<ProcessTimer> timers;
        synchronized (p) {
            if (p.exitReason != null) {
                return null;
            }
            p.exitReason = r;
            timers = p.timers;
            p.timers = null;
            name = p.registeredName;
            links = p.links;
            p.links = null;
            monitoredBy = p.monitoredBy;
            p.monitoredBy = null;
            monitors = p.monitors;
            p.monitors = null;
            remote = p.remote;
            p.remote = null;
        }
        if (beforeSignals != null) {
            beforeSignals.run();
        }
        p.setStatus(ProcessImpl.EXITING);
        p.mailbox.close();
        if (timers != null) {
            timers.forEach(ProcessTimer::targetDied); // as send_after's timers die with their pid
        }
        if (name != null) {
            p.node.registry().release(name, p);
        }
        p.node.ended().add(p); // listed until its signals are out (propagate): see there
        p.interruptOwner();
        p.failCalls(r);
        return new Death(p, r, linkList(links), monitoredBy == null ? Map.of() : monitoredBy,
                monitors == null ? Map.of() : monitors, remote);
    }

    private static void propagate(Death first) {
        ArrayDeque<Death> pending = null;
        for (Death d = first; d != null; d = pending == null ? null : pending.poll()) {
            ProcessImpl dead = d.process();
            dead.node.died(dead); // what it owns (ETS tables) goes before anyone is told of its death
            if (d.remote() != null) {
                RemoteSignals.died(dead, d.reason(), d.remote());
            }
            for (Map.Entry<MonitorRef, ProcessImpl> m : d.monitors().entrySet()) {
                ProcessImpl target = m.getValue();
                synchronized (target) {
                    if (target.monitoredBy != null) {
                        target.monitoredBy.remove(m.getKey());
                    }
                }
            }
            for (Map.Entry<MonitorRef, ProcessImpl> m : d.monitoredBy().entrySet()) {
                fireMonitor(m.getValue(), m.getKey(), dead, d.reason());
            }
            for (ProcessImpl linked : d.links()) {
                boolean stillLinked;
                synchronized (linked) {
                    stillLinked = removeLink(linked, dead);
                }
                if (stillLinked) {
                    Death next = receive(linked, dead, d.reason(), true);
                    if (next != null) {
                        if (pending == null) {
                            pending = new ArrayDeque<>();
                        }
                        pending.add(next);
                    }
                }
            }
            // Only now out of the node's list: while its signals are on their way, a dead process still listed says
            // so to whoever watches the node for quiet (the test kit's settle), which would otherwise see every
            // mailbox empty between a monitor's Down and a link's exit signal.
            dead.node.unlist(dead);
        }
    }

    private static void fireMonitor(ProcessImpl watcher, MonitorRef ref, ProcessImpl target, ExitReason reason) {
        synchronized (watcher) {
            if (watcher.monitors != null && watcher.monitors.remove(ref) != null) {
                Aliases.monitorEnded(watcher, ref);
                watcher.deliverSignal(new Down(ref, target, reason, ref.name()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Links

    /**
     * Links two processes; {@code self} is the caller. Linking to a dead process delivers {@code Exit(other, noproc)}
     * to a caller that traps exits, and otherwise raises {@link NoProcessException}, as {@code link/1} does.
     */
    public static void link(ProcessImpl self, ProcessImpl other) {
        if (self == other) {
            return;
        }
        ProcessImpl first = self.compareTo(other) < 0 ? self : other;
        ProcessImpl second = first == self ? other : self;
        boolean otherDead;
        synchronized (first) {
            synchronized (second) {
                if (self.exitReason != null) {
                    return; // a zombie links nothing
                }
                otherDead = other.exitReason != null;
                if (!otherDead) {
                    addLink(self, other);
                    addLink(other, self);
                }
            }
        }
        if (otherDead) {
            if (self.trapExits()) {
                self.deliverSignal(new Exit(other, ExitReason.NOPROC));
            } else {
                throw new NoProcessException(other, "link");
            }
        }
    }

    /** Removes the link between two processes, if any. After it returns, the link has no further effect. */
    public static void unlink(ProcessImpl self, ProcessImpl other) {
        if (self == other) {
            return;
        }
        ProcessImpl first = self.compareTo(other) < 0 ? self : other;
        ProcessImpl second = first == self ? other : self;
        synchronized (first) {
            synchronized (second) {
                removeLink(self, other);
                removeLink(other, self);
            }
        }
    }

    /** Links a parent to a child that no other thread can see yet; false if the parent is dead. */
    static boolean linkNew(ProcessImpl parent, ProcessImpl child) {
        synchronized (parent) {
            if (parent.exitReason != null) {
                return false;
            }
            addLink(parent, child);
            addLink(child, parent);
            return true;
        }
    }

    private static void addLink(ProcessImpl p, ProcessImpl q) {
        Object l = p.links;
        if (l == null) {
            p.links = q;
        } else if (l instanceof ProcessImpl single) {
            if (single != q) {
                Set<ProcessImpl> set = new LinkedHashSet<>(4);
                set.add(single);
                set.add(q);
                p.links = set;
            }
        } else {
            @SuppressWarnings("unchecked")
            Set<ProcessImpl> set = (Set<ProcessImpl>) l;
            set.add(q);
        }
    }

    private static boolean removeLink(ProcessImpl p, ProcessImpl q) {
        Object l = p.links;
        if (l == q) {
            p.links = null;
            return true;
        }
        if (l instanceof Set<?> set) {
            return set.remove(q);
        }
        return false;
    }

    /**
     * Every process linked to {@code p}, on this node and on others: what {@code process_info(P, links)} lists. The
     * remote ones follow the local ones.
     */
    public static List<Pid> links(ProcessImpl p) {
        synchronized (p) {
            List<Pid> all = new ArrayList<>(linkList(p.links));
            if (p.remote != null) {
                all.addAll(p.remote.links);
            }
            return List.copyOf(all);
        }
    }

    /** Every process {@code p} monitors, on this node and on others ({@code process_info(P, monitors)}). */
    public static List<Pid> monitors(ProcessImpl p) {
        synchronized (p) {
            List<Pid> all = new ArrayList<>(p.monitors == null ? List.of() : p.monitors.values());
            if (p.remote != null) {
                for (RemoteTies.Watch w : p.remote.monitors.values()) {
                    all.add(w.target());
                }
            }
            return List.copyOf(all);
        }
    }

    /** Every process that monitors {@code p}, on this node and on others ({@code process_info(P, monitored_by)}). */
    public static List<Pid> monitoredBy(ProcessImpl p) {
        synchronized (p) {
            List<Pid> all = new ArrayList<>(p.monitoredBy == null ? List.of() : p.monitoredBy.values());
            if (p.remote != null) {
                for (RemoteTies.Watcher w : p.remote.monitoredBy) {
                    all.add(w.watcher());
                }
            }
            return List.copyOf(all);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ProcessImpl> linkList(Object links) {
        if (links == null) {
            return List.of();
        }
        if (links instanceof ProcessImpl single) {
            return List.of(single);
        }
        return List.copyOf((Set<ProcessImpl>) links);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Monitors

    /**
     * Starts monitoring {@code target} on behalf of {@code watcher}. If the target is dead, {@code Down} with reason
     * {@code noproc} is delivered at once.
     */
    public static MonitorRef monitor(ProcessImpl watcher, ProcessImpl target) {
        return monitor(watcher, target, MonitorRef.make());
    }

    /** Whether {@code ref} is one of {@code watcher}'s active monitors, of a local or a remote process. */
    static boolean monitorActive(ProcessImpl watcher, MonitorRef ref) {
        synchronized (watcher) {
            if (watcher.monitors != null && watcher.monitors.containsKey(ref)) {
                return true;
            }
            RemoteTies.Watch w = watcher.remote == null ? null : watcher.remote.monitors.get(ref.id());
            return w != null && w.ref() == ref;
        }
    }

    /**
     * Delivers the {@code Down} of a monitor that found nothing to monitor ({@code noproc}, or {@code noconnection}
     * for a name on a node not connected), with no target pid, to a watcher that is not dead; returns {@code ref}.
     */
    public static MonitorRef downAtOnce(ProcessImpl watcher, MonitorRef ref, ExitReason reason) {
        synchronized (watcher) {
            if (watcher.exitReason == null) {
                watcher.deliverSignal(new Down(ref, null, reason, ref.name()));
            }
        }
        return ref;
    }

    /**
     * As {@link #monitor(ProcessImpl, ProcessImpl)}, under a reference the caller made (one that names the registered
     * name the target was found under); {@code target} null means nothing held the name: {@code Down(noproc)} at once.
     */
    public static MonitorRef monitor(ProcessImpl watcher, ProcessImpl target, MonitorRef ref) {
        if (target == null) {
            return downAtOnce(watcher, ref, ExitReason.NOPROC);
        }
        synchronized (watcher) {
            if (watcher.exitReason != null) {
                return ref; // a zombie monitors nothing
            }
            if (watcher.monitors == null) {
                watcher.monitors = new HashMap<>(4);
            }
            watcher.monitors.put(ref, target);
        }
        boolean alive;
        synchronized (target) {
            alive = target.exitReason == null;
            if (alive) {
                if (target.monitoredBy == null) {
                    target.monitoredBy = new HashMap<>(4);
                }
                target.monitoredBy.put(ref, watcher);
            }
        }
        if (!alive) {
            fireMonitor(watcher, ref, target, ExitReason.NOPROC);
        }
        return ref;
    }

    /**
     * Stops a monitor. With {@code flush}, also removes its {@code Down} if it has already arrived; either way, no
     * {@code Down} for it arrives afterwards. Owner only.
     *
     * @return true if the monitor was active; false if it had fired already or never existed
     */
    public static boolean demonitor(ProcessImpl watcher, MonitorRef ref, boolean flush) {
        ProcessImpl target;
        synchronized (watcher) {
            target = watcher.monitors == null ? null : watcher.monitors.remove(ref);
        }
        if (target != null) {
            synchronized (target) {
                if (target.monitoredBy != null) {
                    target.monitoredBy.remove(ref);
                }
            }
        }
        boolean active = target != null || RemoteSignals.demonitor(watcher, ref);
        Aliases.monitorEnded(watcher, ref);
        if (flush) {
            watcher.mailbox.removeAll(
                    e -> e.kind == Envelope.SIGNAL && e.message instanceof Down d && d.ref() == ref, e -> {});
        }
        return active;
    }

}
