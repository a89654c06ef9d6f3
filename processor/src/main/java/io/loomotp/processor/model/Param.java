package io.loomotp.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One parameter of a handler, and where the dispatch gets its value: from the message record, or from the runtime
 * (the caller's {@code From}, typed or not).
 *
 * @param name the user's parameter name
 * @param type its declared type
 * @param source where its value comes from
 */
public record Param(String name, TypeName type, Source source) {
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
