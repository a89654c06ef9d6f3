package io.loomotp.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One parameter of a handler, and where the dispatch gets its value: from the message record, or from the runtime
 * (the caller's {@code From}, typed or not).
 *
 * @param name the user's parameter name, or {@code arg} and it if it starts with an upper-case letter or is a name no
 *     record component may have
 * @param type its declared type
 * @param source where its value comes from
 */
public record Param(String name, TypeName type, Source source) {
    /**
     * A name that starts with an upper-case letter ({@code String GenServer}) would hide, inside the generated code,
     * a class that code names by its simple name ({@code GenServer.call(...)}, {@code Terms.show(...)}); such a
     * parameter is {@code argGenServer} there.
     */
    public Param {
        if (!name.isEmpty() && Character.isUpperCase(name.charAt(0))) {
            name = "arg" + name;
        } else if (NOT_A_COMPONENT.contains(name)) {
            name = "arg" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    /**
     * Names a record component may not have (JLS 8.10.1: its accessor would clash with a method of {@code Object}); a
     * parameter so named ({@code Pid notify}) is {@code argNotify} in the message record and the client.
     */
    private static final java.util.Set<String> NOT_A_COMPONENT = java.util.Set.of("clone", "finalize", "getClass",
            "hashCode", "notify", "notifyAll", "toString", "wait");

    /** Where a parameter's value comes from. */
    public enum Source {
        /** A component of the message record. */
        MESSAGE,
        /** The caller, untyped: {@code From}. */
        FROM,
        /** The caller, typed: {@code ReplyTo<T>}. */
        REPLY_TO
    }

    public boolean isMessage() {
        return source == Source.MESSAGE;
    }
}
