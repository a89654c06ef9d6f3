package io.loomotp.runtime;

/**
 * A cast, as a plain process sees it in {@link Process#receive()}: OTP's {@code {'$gen_cast', Msg}}.
 *
 * @param message the message, as cast
 */
public record CastRequest(Object message) {}
