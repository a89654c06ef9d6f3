package io.loomotp.runtime.remote;

import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.RegisteredName;
import java.util.Objects;

/**
 * How a {@link MonitorRef} crosses to another node and back: its origin, its number and its name, read back into an
 * equal reference. Not an API: exported to the cluster module only, so that nobody else can forge a reference.
 */
public final class RefWire {
    /** Rebuilds a reference from its parts; installed by {@code MonitorRef} when it is loaded. */
    public interface Maker {
        MonitorRef make(long origin, long id, RegisteredName name);
    }

    private static volatile Maker maker;

    private RefWire() {}

    /** Called once, by {@code MonitorRef}'s initializer. */
    public static void install(Maker m) {
        maker = Objects.requireNonNull(m, "maker");
    }

    /** The reference a node wrote as these parts. */
    public static MonitorRef read(long origin, long id, RegisteredName name) {
        Maker m = maker;
        if (m == null) {
            try { // MonitorRef's initializer installs the maker
                java.lang.invoke.MethodHandles.lookup().ensureInitialized(MonitorRef.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            m = maker;
        }
        return m.make(origin, id, name);
    }
}
