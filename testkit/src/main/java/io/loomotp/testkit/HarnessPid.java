package io.loomotp.testkit;

import io.loomotp.runtime.Pid;
import java.util.concurrent.atomic.AtomicLong;

/** A pid of no node, which the synchronous harnesses make: node 0, a serial of their own. Prints as {@code <0.N>}. */
record HarnessPid(long serial) implements Pid {
    private static final AtomicLong SERIALS = new AtomicLong();

    /** A pid distinct from every other the harnesses made. */
    static Pid next() {
        return new HarnessPid(SERIALS.incrementAndGet());
    }

    @Override
    public int nodeId() {
        return 0;
    }

    @Override
    public String toString() {
        return "<0." + serial + ">";
    }
}
