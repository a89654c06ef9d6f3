package io.loomotp.runtime;

/**
 * A cast, as a plain process sees it in {@link Process#receive()}: OTP's {@code {'$gen_cast', Msg}}. And the other way,
 * as OTP's {@code Pid ! {'$gen_cast', Msg}} is a cast: one sent with {@link Process#send(Pid, Object)} arrives as the
 * cast of its message (a generated client's cast to a via name hands one to the registry's
 * {@link NameRegistry#send}).
 *
 * @param message the message, as cast
 */
public record CastRequest(Object message) {}
