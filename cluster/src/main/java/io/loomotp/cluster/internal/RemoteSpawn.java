package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.Spawnable;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.TreeSet;
import org.jgroups.Address;

/**
 * Spawning on another node: Erlang's {@code spawn/4}, {@code spawn_link/4} and {@code spawn_monitor/4}, where the
 * module and function are a {@link Spawnable} the other node registered under a name (docs/distribution.md).
 *
 * <p>Atomic as Erlang's: the child is made waiting at a gate; its node records the link or monitor to the spawner,
 * answers {@link Op#SPAWN_REPLY}, and only then opens the gate. The reply travels on the same FIFO channel as every
 * later signal from the child, so the spawner's node records its half of the link or monitor (on the delivery thread,
 * when the reply arrives) before the child's exit or {@code Down} can arrive. A spawner that died meanwhile is
 * answered as a dead process is: the child gets the exit signal {@code noproc}, or the monitor is dropped.
 *
 * <p>What it owns: the spawnables of this node by name, and the spawns this node waits for, by number. Threading: any
 * thread asks; frames are handled on the delivery thread.
 */
final class RemoteSpawn {
    static final byte LINK = 1;
    static final byte MONITOR = 2;

    /**
     * A spawn this node waits for: who asked, how, and (for a monitor) the reference made before asking; the asking
     * thread waits on {@code result}.
     */
    private record Pending(CompletableFuture<Pid> result, Pid spawner, byte flags, MonitorRef ref, String node) {
        void fail(String why) {
            result.completeExceptionally(new ClusterException(why));
        }
    }

    /** The node was not connected, or was lost before it answered: the spawn gets a pid that cannot be reached. */
    private static final class Unreachable extends ClusterException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    /**
     * The incarnation the pids of an unreachable spawn name: drawn once, as a node's creation is, so that it is
     * none of a real node's.
     */
    private static final long UNREACHABLE = new java.security.SecureRandom().nextLong();

    private final Endpoint end;
    private final Map<String, Spawnable> spawnables = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /**
     * The one stand-in node per unreachable node name that {@link #unreachable} pids belong to: pids that are equal
     * print alike, and each spawn does not take a node number of its own.
     */
    private final Map<String, RemoteNode> unreachableNodes = new ConcurrentHashMap<>();

    RemoteSpawn(Endpoint end) {
        this.end = end;
    }

    void register(String name, Spawnable spawnable) {
        spawnables.put(name, spawnable);
    }

    boolean unregister(String name) {
        return spawnables.remove(name) != null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The spawning node

    /**
     * Asks {@code node} for a process running its spawnable {@code name}, and waits for its pid.
     *
     * @param ref the monitor's reference for a {@link #MONITOR} spawn, else null
     * @throws ClusterException if the node is not connected or is lost meanwhile, or it has no such spawnable, or the
     *     spawnable failed there
     */
    Pid spawn(Pid spawner, String node, String name, Object argument, byte flags, MonitorRef ref) {
        Pending p;
        try {
            p = ask(spawner, node, name, argument, flags, ref);
        } catch (Unreachable u) {
            return unreachable(spawner, node, flags, ref);
        }
        try {
            return p.result().get();
        } catch (InterruptedException e) {
            // left pending: the answer still makes the child's ties, and finds the spawner dead (noproc)
            Thread.currentThread().interrupt();
            throw new ClusterException("spawn of '" + name + "' on node " + node + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Unreachable) {
                return unreachable(spawner, node, flags, ref);
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * As Erlang's {@code spawn/4} to a node it cannot reach: a pid there that names no process; a link to it
     * gives the spawner the exit signal {@code noconnection} (which ends it unless it traps exits), a monitor its
     * {@code Down} with {@code noconnection}, and a message to it is dropped. Called on the spawner's own thread.
     */
    private Pid unreachable(Pid spawner, String node, byte flags, MonitorRef ref) {
        Pid pid = unreachableNodes.computeIfAbsent(node, n -> new RemoteNode(n, UNREACHABLE, end.local, end.out))
                .pid(0);
        if ((flags & LINK) != 0) {
            Process.link(pid); // answered here: its node is not up
        }
        if ((flags & MONITOR) != 0) {
            end.node.send(spawner, new Down(ref, pid, ExitReason.NOCONNECTION));
        }
        return pid;
    }

    private Pending ask(Pid spawner, String node, String name, Object argument, byte flags, MonitorRef ref) {
        long id = ids.incrementAndGet();
        byte[] frame = end.frame(w -> {
            w.op(Op.SPAWN);
            w.serial(id);
            w.pid(spawner);
            w.out().writeByte(flags);
            w.serial(ref == null ? 0 : ref.id());
            w.string(name);
            w.object(argument);
        }, argument);
        Address to = end.addressOf(node);
        if (to == null) {
            throw new Unreachable("cannot spawn '" + name + "' on node " + node + ": it is not connected");
        }
        Pending p = new Pending(new CompletableFuture<>(), spawner, flags, ref, node);
        pending.put(id, p);
        if (end.addressOf(node) != to) {
            pending.remove(id);
            throw new Unreachable("cannot spawn '" + name + "' on node " + node + ": it was lost");
        }
        end.transmit(to, frame);
        return p;
    }

    /** The answer to one of this node's spawns, on the delivery thread: the link or monitor's local half first. */
    void replied(Codec.Reader r) {
        Pending p = pending.remove(r.serial());
        boolean ok = r.in().readBoolean();
        if (!ok) {
            String why = r.string();
            if (p != null) {
                p.fail(why);
            }
            return;
        }
        RemotePid child = (RemotePid) r.pid();
        Pid spawner = p != null ? p.spawner() : null;
        byte flags = p != null ? p.flags() : 0;
        if ((flags & LINK) != 0 && !end.local.link(child, spawner.serial())) {
            end.out.exit(spawner, child, ExitReason.NOPROC, true); // the spawner died waiting: as a link to a dead pid
        }
        if ((flags & MONITOR) != 0 && !end.local.adoptMonitor(spawner.serial(), p.ref(), child)) {
            end.out.demonitor(spawner, child, p.ref().id());
        }
        if (p != null) {
            p.result().complete(child);
        }
    }

    /** The node of some waiting spawns was lost: they fail. */
    void nodeLost(RemoteNode node) {
        pending.entrySet().removeIf(e -> {
            if (!e.getValue().node().equals(node.name())) {
                return false;
            }
            e.getValue().result().completeExceptionally(new Unreachable("node " + node.name()
                    + " was lost before it answered a spawn (noconnection)"));
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The spawned-on node

    /**
     * The body this node's spawnable {@code name} makes of {@code argument}: for a spawn asked by another node, or by
     * this node under its own name ({@code spawn(node(), M, F, A)} spawns here).
     *
     * @throws ClusterException if there is no such spawnable, or it made no body
     * @throws RuntimeException whatever the spawnable threw
     */
    ProcessBody body(String name, Object argument) {
        Spawnable s = spawnables.get(name);
        if (s == null) {
            throw new ClusterException("node " + end.nodeName() + " has no spawnable '" + name + "' (it has "
                    + new TreeSet<>(spawnables.keySet()) + "); register it there with Cluster.registerSpawnable");
        }
        ProcessBody body = s.body(argument);
        if (body == null) {
            throw new ClusterException("spawnable '" + name + "' on node " + end.nodeName() + " made no body");
        }
        return body;
    }

    /** A spawn asked by another node, on the delivery thread: the child waits at a gate until its ties are made. */
    void asked(Address src, Codec.Reader r) {
        long id = r.serial();
        RemotePid spawner = (RemotePid) r.pid();
        byte flags = r.in().readByte();
        long ref = r.serial();
        String name = r.string();
        ProcessBody body;
        try {
            body = body(name, r.object());
        } catch (RuntimeException e) {
            String why = e instanceof ClusterException ? e.getMessage()
                    : "spawnable '" + name + "' failed on node " + end.nodeName() + ": " + e;
            end.transmit(src, end.frame(w -> {
                w.op(Op.SPAWN_REPLY);
                w.serial(id);
                w.out().writeBoolean(false);
                w.string(why);
            }, null));
            return;
        }
        CountDownLatch gate = new CountDownLatch(1);
        ProcessBody gated = () -> {
            gate.await();
            body.run();
        };
        Pid child = end.node.spawn(gated);
        if ((flags & LINK) != 0) {
            end.local.link(spawner, child.serial());
        }
        if ((flags & MONITOR) != 0) {
            end.local.monitor(spawner, ref, child.serial());
        }
        end.transmit(src, end.frame(w -> {
            w.op(Op.SPAWN_REPLY);
            w.serial(id);
            w.out().writeBoolean(true);
            w.pid(child);
        }, null));
        gate.countDown();
    }
}
