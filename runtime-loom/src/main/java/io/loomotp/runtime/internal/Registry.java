package io.loomotp.runtime.internal;

import io.loomotp.runtime.AlreadyRegisteredException;
import io.loomotp.runtime.NoProcessException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's local names: Erlang's {@code register/2}, {@code unregister/1} and {@code whereis/1}. A name is released
 * when its process dies. Lookups are lock-free; a registration takes the process's lock, so that it cannot race the
 * process's death (which releases the name under the same rule).
 */
public final class Registry {
    private final Map<String, ProcessImpl> names = new ConcurrentHashMap<>();

    /**
     * Registers a name for a live process.
     *
     * @throws AlreadyRegisteredException if a live process holds the name
     * @throws IllegalArgumentException if the name is empty, or the process already has a name (this one too)
     * @throws NoProcessException if the process is dead
     */
    public void register(String name, ProcessImpl p) {
        checkName(name);
        synchronized (p) {
            if (p.exitReason != null) {
                throw new NoProcessException(p, "register '" + name + "'");
            }
            if (p.registeredName != null) {
                // as Erlang's register/2, badarg for a second registration, also of the same name
                throw new IllegalArgumentException(p + " is already registered as '" + p.registeredName
                        + "': a process has at most one name; unregister it first");
            }
            for (;;) {
                ProcessImpl holder = names.putIfAbsent(name, p);
                if (holder == null) {
                    break;
                }
                if (holder.exitReason == null) {
                    throw new AlreadyRegisteredException(name, holder);
                }
                names.remove(name, holder); // dead, and its release is on its way: take the name now
            }
            p.registeredName = name;
        }
    }

    /** Removes a name. Returns false if nobody held it. */
    public boolean unregister(String name) {
        checkName(name);
        ProcessImpl p = names.remove(name);
        if (p == null) {
            return false;
        }
        synchronized (p) {
            if (name.equals(p.registeredName) && p.exitReason == null) {
                p.registeredName = null;
            }
        }
        return true;
    }

    /** The live process registered under a name, or null. */
    public ProcessImpl whereis(String name) {
        checkName(name);
        ProcessImpl p = names.get(name);
        return p == null || p.exitReason != null ? null : p;
    }

    /** Releases a dead process's name. */
    void release(String name, ProcessImpl p) {
        names.remove(name, p);
    }

    /** The names registered now. */
    public Set<String> names() {
        return Set.copyOf(names.keySet());
    }

    private static void checkName(String name) {
        if (name == null) {
            throw new NullPointerException("name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a registered name must not be blank");
        }
    }
}
