package io.loomotp.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * An {@code @Info} handler, chosen by the type of its one parameter.
 *
 * @param method the user's method name
 * @param pattern the type the dispatch matches on (boxed for a primitive parameter)
 * @param throwsChecked true when the method declares checked exceptions
 */
public record InfoHandler(String method, TypeName pattern, boolean throwsChecked) {}
