package io.loomotp.runtime.internal;

import io.loomotp.runtime.Alias;
import io.loomotp.runtime.AliasMode;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.remote.AliasMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's active process aliases: which reference delivers to which local process, and how it ends. Made on a node's
 * first alias ({@link NodeRuntime#extension}); each owner's aliases go when it dies ({@link NodeRuntime#onDeath}).
 */
public final class Aliases {
    private record Active(ProcessImpl owner, AliasMode mode) {}

    private final NodeRuntime node;
    private final ConcurrentHashMap<MonitorRef, Active> active = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ProcessImpl, Set<MonitorRef>> byOwner = new ConcurrentHashMap<>();

    private Aliases(NodeRuntime node) {
        this.node = node;
    }

    private static Aliases of(NodeRuntime node) {
        return node.extension(Aliases.class, () -> new Aliases(node));
    }

    /** A new active alias of the calling process. */
    public static Alias create(ProcessImpl owner, AliasMode mode) {
        if (mode == AliasMode.DEMONITOR || mode == AliasMode.REPLY_DEMONITOR) {
            throw new IllegalArgumentException(mode + " is an alias of a monitor: use Process.monitorWithAlias");
        }
        return activate(owner, MonitorRef.make(), mode);
    }

    private static Alias activate(ProcessImpl owner, MonitorRef ref, AliasMode mode) {
        Aliases a = of(owner.node());
        boolean[] first = {false};
        Set<MonitorRef> mine = a.byOwner.computeIfAbsent(owner, o -> {
            first[0] = true;
            return ConcurrentHashMap.newKeySet();
        });
        mine.add(ref);
        a.active.put(ref, new Active(owner, mode));
        if (first[0]) {
            a.node.onDeath(owner, Aliases.class, () -> a.ownerDied(owner));
        }
        if (owner.exitReason != null) { // a kill raced with this: its hook may have run before the alias was in
            a.active.remove(ref);
        }
        return new Alias(owner, ref);
    }

    /** Set once a node has made an alias of a monitor: until then a monitor's end does not look for one. */
    private static volatile boolean monitorAliases;

    /**
     * A monitor of the calling process whose reference is also an alias: OTP's {@code monitor(process, Pid,
     * [{alias, Mode}])}. {@code monitor} makes the monitor (its {@code Down} may be queued already).
     */
    public static Alias monitor(ProcessImpl self, AliasMode mode, java.util.function.Supplier<MonitorRef> monitor) {
        if (mode == AliasMode.REPLY) {
            throw new IllegalArgumentException("a monitor's alias is EXPLICIT_UNALIAS, DEMONITOR or REPLY_DEMONITOR "
                    + "(OTP's {alias, reply} is an option of alias/1, not of monitor/3)");
        }
        monitorAliases = true;
        MonitorRef ref = monitor.get();
        Alias alias = activate(self, ref, mode);
        if (mode != AliasMode.EXPLICIT_UNALIAS && !Signals.monitorActive(self, ref)) {
            monitorEnded(self, ref); // it ended at once (noproc): so does the alias
        }
        return alias;
    }

    /** A monitor of {@code watcher} ended (its {@code Down} fired, or it was demonitored): so does its alias. */
    static void monitorEnded(ProcessImpl watcher, MonitorRef ref) {
        if (!monitorAliases) {
            return;
        }
        Aliases a = watcher.node().extensionIfMade(Aliases.class);
        if (a == null) {
            return;
        }
        Active e = a.active.get(ref);
        if (e != null && e.owner == watcher
                && (e.mode == AliasMode.DEMONITOR || e.mode == AliasMode.REPLY_DEMONITOR)) {
            a.retire(ref, e);
        }
    }

    /** Deactivates an alias of the calling process: true if it was active. */
    public static boolean unalias(ProcessImpl self, Alias alias) {
        if (alias.owner() != self) {
            return false;
        }
        Aliases a = self.node().extensionIfMade(Aliases.class);
        if (a == null) {
            return false;
        }
        Active was = a.active.get(alias.ref());
        return was != null && was.owner == self && a.retire(alias.ref(), was);
    }

    /** Deactivates {@code ref} if it is still {@code e}: true if this call did. */
    private boolean retire(MonitorRef ref, Active e) {
        if (!active.remove(ref, e)) {
            return false;
        }
        Set<MonitorRef> mine = byOwner.get(e.owner);
        if (mine != null) {
            mine.remove(ref);
        }
        return true;
    }

    /** Sends through an alias, from any thread: delivered if it is active, else dropped. */
    public static void send(Alias alias, Object message) {
        java.util.Objects.requireNonNull(message, "message");
        Pid owner = alias.owner();
        if (owner instanceof ProcessImpl p) {
            deliver(p, alias.ref(), message);
        } else if (owner instanceof io.loomotp.runtime.remote.RemotePid) {
            Calls.send(owner, Envelope.MESSAGE, new AliasMessage(alias.ref(), message));
        } else {
            throw ProcessImpl.notLocal(owner);
        }
    }

    /** Delivers to a local owner through its alias {@code ref}, if that is active; also for one from another node. */
    static void deliver(ProcessImpl owner, MonitorRef ref, Object message) {
        Aliases a = owner.node().extensionIfMade(Aliases.class);
        if (a == null) {
            return;
        }
        Active e = a.active.get(ref);
        if (e == null || e.owner != owner) {
            return;
        }
        if (e.mode == AliasMode.REPLY || e.mode == AliasMode.REPLY_DEMONITOR) {
            if (!a.retire(ref, e)) {
                return; // another message took the one reply
            }
            if (e.mode == AliasMode.REPLY_DEMONITOR) {
                Signals.demonitor(owner, ref, false); // the reply ends the monitor too
            }
        }
        Calls.send(owner, Envelope.MESSAGE, message);
    }

    private void ownerDied(ProcessImpl owner) {
        Set<MonitorRef> refs = byOwner.remove(owner);
        if (refs != null) {
            refs.forEach(active::remove);
        }
    }

    /** How many aliases are active on the node, for tests. */
    int activeCount() {
        return active.size();
    }
}
