package io.loomotp.runtime.statem;

/**
 * The event a generic timeout delivers (OTP's {@code {timeout, Name}}). Handle it with an {@code @Info} handler that
 * takes it.
 *
 * @param name the timeout's name
 * @param content what the transition that set it gave
 */
public record GenericTimeout(String name, Object content) {}
