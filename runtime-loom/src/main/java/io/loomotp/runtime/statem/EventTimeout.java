package io.loomotp.runtime.statem;

/**
 * The event an event timeout delivers (OTP's {@code timeout}): no event arrived within the time
 * {@link Transition#eventTimeout} asked. Handle it with an {@code @Info} handler that takes it.
 *
 * @param content what the transition that set it gave
 */
public record EventTimeout(Object content) {}
