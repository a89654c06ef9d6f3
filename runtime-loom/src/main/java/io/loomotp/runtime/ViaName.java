package io.loomotp.runtime;

import java.util.Objects;

/**
 * A name in a registry of the user's own: OTP's {@code {via, Module, Name}}.
 *
 * @param registry the registry that holds the name
 * @param name the name, any object with {@code equals} and {@code hashCode}
 */
public record ViaName(NameRegistry registry, Object name) {
    public ViaName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
    }

    /** {@code name} in {@code registry}. */
    public static ViaName of(NameRegistry registry, Object name) {
        return new ViaName(registry, name);
    }

    /** The process registered under this name now, or null. */
    public Pid whereis() {
        return registry.whereisName(name);
    }

    /** {@code {via, MyRegistry, name}}, as OTP prints the tuple. */
    @Override
    public String toString() {
        String module = registry.getClass().getSimpleName();
        return "{via, " + (module.isEmpty() ? registry.getClass().getName() : module) + ", " + name + "}";
    }
}
