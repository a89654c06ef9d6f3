package io.loomotp.cluster.internal;

import io.loomotp.runtime.Pid;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local pids this node has written to other nodes, held weakly, so that one that comes back after its process died
 * reads as the very pid the program kept: in Erlang a pid is a value, and a pid of the local node decodes to the local
 * pid, alive or not (erts' {@code dec_pid}), so {@code {'EXIT', Pid, _}} from another node matches the pid a program
 * keeps in its table. A live process is found in the process table; this serves only the dead ones, for as long as
 * something else holds their pid (a pid nobody holds any more can equal nothing, and is read as a pid of a dead process
 * of this node, which answers noproc as any).
 *
 * <p>Threading: any thread; writers remember, readers find. An entry whose pid was collected is removed at the next
 * remember.
 */
final class SentPids {
    private static final class Entry extends WeakReference<Pid> {
        final long serial;

        Entry(Pid pid, ReferenceQueue<Pid> queue) {
            super(pid, queue);
            this.serial = pid.serial();
        }
    }

    private final ConcurrentHashMap<Long, Entry> bySerial = new ConcurrentHashMap<>();
    private final ReferenceQueue<Pid> collected = new ReferenceQueue<>();

    /** Remembers a local pid written to the wire; cheap when it is remembered already (most frames repeat one). */
    void remember(Pid pid) {
        Long serial = pid.serial();
        Entry e = bySerial.get(serial);
        if (e != null && e.get() == pid) {
            return;
        }
        bySerial.put(serial, new Entry(pid, collected));
        for (Reference<? extends Pid> r; (r = collected.poll()) != null; ) {
            Entry gone = (Entry) r;
            bySerial.remove(gone.serial, gone);
        }
    }

    /** The local pid with this serial, if it was written and is still held somewhere; else null. */
    Pid find(long serial) {
        Entry e = bySerial.get(serial);
        return e == null ? null : e.get();
    }
}
