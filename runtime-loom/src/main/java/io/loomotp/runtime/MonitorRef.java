package io.loomotp.runtime;

import io.loomotp.runtime.remote.RefWire;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A unique reference: Erlang's {@code make_ref()}. It names one monitor (returned by {@link Process#monitor(Pid)} and
 * carried by the {@link Down} message the monitor delivers, so that a process monitoring many others can tell which
 * one went down), and {@link Process#makeRef()} makes one to tag a request and match its answer.
 *
 * <p>Two references are equal only if one is a copy of the other, also after a round trip through another node: each
 * JVM numbers its references from a random origin of its own, and a reference crosses the wire as both numbers.
 */
public final class MonitorRef {
    /** This JVM's origin: references made here carry it, so that they differ from every other JVM's. */
    private static final long ORIGIN = new SecureRandom().nextLong();
    private static final AtomicLong NEXT = new AtomicLong();

    static {
        RefWire.install(MonitorRef::new);
    }

    private final long origin;
    private final long id;
    private final RegisteredName name;

    private MonitorRef(long origin, long id, RegisteredName name) {
        this.origin = origin;
        this.id = id;
        this.name = name;
    }

    /** A new reference, unequal to every other: Erlang's {@code make_ref()}. */
    public static MonitorRef make() {
        return new MonitorRef(ORIGIN, NEXT.incrementAndGet(), null);
    }

    /** The reference of a monitor set on a registered name; its {@link Down} names it. */
    static MonitorRef named(RegisteredName name) {
        return new MonitorRef(ORIGIN, NEXT.incrementAndGet(), name);
    }

    /** The name a monitor was set on ({@link Process#monitor(String)}), or null for a monitor set on a pid. */
    public RegisteredName name() {
        return name;
    }

    /** The reference's number, unique among the references of the JVM that made it. */
    public long id() {
        return id;
    }

    /** The random number of the JVM that made it; with {@link #id()}, what the wire carries. */
    public long origin() {
        return origin;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MonitorRef that && id == that.id && origin == that.origin;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id * 31 + origin);
    }

    @Override
    public String toString() {
        return "#Ref<" + id + ">";
    }
}
