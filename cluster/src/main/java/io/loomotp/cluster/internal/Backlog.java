package io.loomotp.cluster.internal;

import java.util.ArrayDeque;
import org.jgroups.Address;

/**
 * The frames from one node that wait behind a delivery that may block, handled in order on a virtual thread of their
 * own, so that the connection's receive thread (the JGroups reader, which also reads heartbeats and flow-control
 * credits) never waits on a mailbox. See docs/adr/0017-remote-latency.md.
 *
 * <p>It exists only while a frame from its node is to a process whose mailbox is bounded with the {@code BLOCK}
 * policy, or queued behind one: the receive thread {@linkplain #offer offers} each later frame from that node here
 * until the backlog has drained, then ends it, so the node's frames keep their order (per-pair FIFO).
 *
 * <p>Threading: {@link #offer} is called by the receive thread of its node (JGroups' UNICAST3 delivers one frame of a
 * node at a time); {@link #run} by the backlog's own thread; both under this object's lock.
 */
final class Backlog implements Runnable {
    private final Endpoint end;
    private final Address from;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private boolean ended;

    /** A backlog for {@code from} with its first frame (a copy, owned from now on); {@link #start} runs it. */
    Backlog(Endpoint end, Address from, byte[] first) {
        this.end = end;
        this.from = from;
        frames.add(first);
    }

    /** Starts draining, once the backlog is where the receive thread finds it (so its end can remove it). */
    void start() {
        Thread.ofVirtual().name("loomotp-backlog-" + end.nameOf(from)).start(this);
    }

    /** Queues a frame (a copy) behind the others; false if the backlog has drained and ended (deliver it directly). */
    synchronized boolean offer(byte[] frame) {
        if (ended) {
            return false;
        }
        frames.add(frame);
        return true;
    }

    @Override
    public void run() {
        for (;;) {
            byte[] f;
            synchronized (this) {
                f = frames.poll();
                if (f == null) {
                    ended = true;
                    end.backlogEnded(from, this);
                    return;
                }
            }
            end.inbound().receive(from, false, f, 0, f.length, true);
        }
    }
}
