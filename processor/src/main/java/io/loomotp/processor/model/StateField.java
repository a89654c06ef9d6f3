package io.loomotp.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * An instance field of a server, shown in its state snapshot and trace lines.
 *
 * @param name the field's name
 * @param erasure its erased type, for a {@code VarHandle} lookup
 * @param isPrivate true when generated code must read it through a {@code VarHandle}
 */
public record StateField(String name, TypeName erasure, boolean isPrivate) {}
