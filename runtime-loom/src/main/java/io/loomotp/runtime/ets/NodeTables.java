package io.loomotp.runtime.ets;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's tables: the names, and which process owns which tables, so that an owner's death deletes them or hands
 * them to their heirs. Ownership changes (make, give away, inherit, delete) are rare and take this object's lock;
 * reads and writes of a table's contents never do.
 */
final class NodeTables {
    private final NodeRuntime node;
    private final ConcurrentHashMap<String, Table<?, ?>> names = new ConcurrentHashMap<>();
    private final Set<Table<?, ?>> all = ConcurrentHashMap.newKeySet();
    /** Guarded by this: each owner's tables, and the death hook that was set for it. */
    private final Map<ProcessImpl, Owned> owners = new HashMap<>();

    private record Owned(Set<Table<?, ?>> tables, Runnable hook) {}

    NodeTables(NodeRuntime node) {
        this.node = node;
    }

    Node node() {
        return (Node) node.facade();
    }

    <K, V> Table<K, V> create(TableOptions options, ProcessImpl owner) {
        Table<K, V> t = new Table<>(this, options, owner);
        synchronized (this) {
            if (options.name() != null && names.putIfAbsent(options.name(), t) != null) {
                throw new EtsException("a table named \"" + options.name() + "\" already exists on node "
                        + node.name() + " (ETS's badarg): delete it first, or choose another name");
            }
            all.add(t);
            own(owner, t);
        }
        return t;
    }

    Table<?, ?> named(String name) {
        return names.get(name);
    }

    List<Table<?, ?>> all() {
        return List.copyOf(all);
    }

    /** Records that {@code owner} owns {@code t}; guarded by this. */
    private void own(ProcessImpl owner, Table<?, ?> t) {
        Owned o = owners.get(owner);
        if (o == null) {
            Runnable hook = () -> ownerDied(owner);
            o = new Owned(new LinkedHashSet<>(), hook);
            owners.put(owner, o);
            o.tables.add(t);
            node.onDeath(owner, NodeTables.class, hook); // runs the hook at once if the owner is dead already (it then needs this lock)
        } else {
            o.tables.add(t);
        }
    }

    /** Forgets that {@code owner} owns {@code t}; guarded by this. */
    private void disown(ProcessImpl owner, Table<?, ?> t) {
        Owned o = owners.get(owner);
        if (o != null && o.tables.remove(t) && o.tables.isEmpty()) {
            owners.remove(owner);
            node.cancelOnDeath(owner, NodeTables.class, o.hook);
        }
    }

    /** Moves {@code t} from its owner to {@code to}; the caller checked that both may. */
    synchronized void transfer(Table<?, ?> t, ProcessImpl from, ProcessImpl to) {
        disown(from, t);
        t.setOwner(to);
        own(to, t);
    }

    synchronized void rename(Table<?, ?> t, String newName) {
        if (!t.exists()) { // deleted since its caller's check: deletes take this lock too
            throw new EtsException("rename: " + t + " was deleted");
        }
        if (t.name().equals(newName)) {
            return;
        }
        if (names.putIfAbsent(newName, t) != null) {
            throw new EtsException("rename: a table named \"" + newName + "\" already exists on node " + node.name()
                    + " (ETS's badarg): delete it first, or choose another name");
        }
        names.remove(t.name(), t);
        t.setName(newName);
    }

    synchronized void delete(Table<?, ?> t) {
        if (!t.markDeleted()) {
            return;
        }
        disown(t.ownerProcess(), t);
        all.remove(t);
        if (t.name() != null) {
            names.remove(t.name(), t);
        }
    }

    /** The owner's death: each table goes to its heir if that one lives, and is deleted otherwise. */
    private void ownerDied(ProcessImpl owner) {
        List<Runnable> transfers = new ArrayList<>();
        synchronized (this) {
            Owned o = owners.remove(owner);
            if (o == null) {
                return;
            }
            for (Table<?, ?> t : o.tables) {
                ProcessImpl heir = t.liveHeir(owner);
                if (heir == null) {
                    if (t.markDeleted()) {
                        all.remove(t);
                        if (t.name() != null) {
                            names.remove(t.name(), t);
                        }
                    }
                } else {
                    t.setOwner(heir);
                    own(heir, t);
                    // as a timer's message: never waits on a full mailbox, for this runs in the owner's killer
                    transfers.add(() -> node.timerSend(heir, new EtsTransfer(t, owner, t.heirData())));
                }
            }
        }
        transfers.forEach(Runnable::run); // outside the lock
    }
}
