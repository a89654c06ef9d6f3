package io.loomotp.processor.model;

/**
 * An {@code @Init} or {@code @Terminate} handler.
 *
 * @param method the user's method name
 * @param returnsOrTakesRuntimeType for init: it returns {@code InitResult}; for terminate: it takes the {@code ExitReason}
 * @param throwsChecked true when the method declares checked exceptions
 */
public record LifecycleHandler(String method, boolean returnsOrTakesRuntimeType, boolean throwsChecked) {}
