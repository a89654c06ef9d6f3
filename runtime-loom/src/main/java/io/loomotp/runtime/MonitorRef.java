package io.loomotp.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference that names one monitor, as Erlang's {@code make_ref()} names one {@code monitor/2}.
 *
 * <p>It is returned by {@link Process#monitor(Pid)} and carried by the {@link Down} message that the monitor
 * delivers, so that a process monitoring many others can tell which one went down. References are unique within
 * a JVM and compare by identity.
 */
public final class MonitorRef {
    private static final AtomicLong NEXT = new AtomicLong();

    private final long id;
    private final RegisteredName name;

    private MonitorRef(long id, RegisteredName name) {
        this.id = id;
        this.name = name;
    }

    /** A new reference, unequal to every other: Erlang's {@code make_ref()}. */
    public static MonitorRef make() {
        return new MonitorRef(NEXT.incrementAndGet(), null);
    }

    /** The reference of a monitor set on a registered name; its {@link Down} names it. */
    static MonitorRef named(RegisteredName name) {
        return new MonitorRef(NEXT.incrementAndGet(), name);
    }

    /** The name a monitor was set on ({@link Process#monitor(String)}), or null for a monitor set on a pid. */
    public RegisteredName name() {
        return name;
    }

    /** The reference's number, unique within the JVM. */
    public long id() {
        return id;
    }

    @Override
    public String toString() {
        return "#Ref<" + id + ">";
    }
}
