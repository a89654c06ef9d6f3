package io.loomotp.processor.model;

/**
 * An {@code @Init} or {@code @Terminate} handler.
 *
 * @param method the user's method name
 * @param returnsOrTakesRuntimeType for init: it returns {@code InitResult}; for terminate: it takes the {@code ExitReason}
 * @param throwsChecked true when the method declares checked exceptions
 * @param takesState for a state machine's terminate: its first parameter is the state it stops in (OTP's
 *     {@code terminate/3})
 */
public record LifecycleHandler(String method, boolean returnsOrTakesRuntimeType, boolean throwsChecked,
                               boolean takesState) {

    /** A handler that does not take the state: every init, and a server's terminate. */
    public LifecycleHandler(String method, boolean returnsOrTakesRuntimeType, boolean throwsChecked) {
        this(method, returnsOrTakesRuntimeType, throwsChecked, false);
    }
}
