package io.loomotp.runtime.statem;

/**
 * The event a state timeout delivers (OTP's {@code state_timeout}): the machine stayed in one state for the time
 * {@link Transition#stateTimeout} asked. Handle it with an {@code @Info} handler that takes it.
 *
 * @param content what the transition that set it gave
 */
public record StateTimeout(Object content) {}
