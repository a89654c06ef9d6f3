package io.loomotp.runtime.internal;

import java.util.Objects;

/**
 * A cast as a message: OTP's {@code {'$gen_cast', Request}}, which a generated client's cast to a via name hands to
 * the user's registry ({@code NameRegistry.send}, as {@code gen_server:cast} calls {@code Mod:send/2}). Sent with
 * {@code Process.send}, it arrives as the cast of {@link #request()}, not as a message.
 *
 * @param request what is cast
 */
public record CastRequest(Object request) {
    public CastRequest {
        Objects.requireNonNull(request, "request");
    }

    @Override
    public String toString() {
        return "{'$gen_cast', " + request + "}";
    }
}
