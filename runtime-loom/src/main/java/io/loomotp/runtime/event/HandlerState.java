package io.loomotp.runtime.event;

import java.util.Objects;

/**
 * One handler of an event manager as {@code sys:replace_state} and {@code sys:inspect_state} see it: OTP's
 * {@code {Module, Id, State}}, where a handler's state is the handler object itself. A replace function is applied
 * to each handler in turn, and returns this record with the same id and the handler to keep (the same object, changed,
 * or a new one); a function that throws, or returns anything else, leaves that handler as it was, as
 * {@code gen_event:system_replace_state/2} does.
 *
 * @param id the handler's id
 * @param handler the handler itself
 */
public record HandlerState(HandlerId id, EventHandler handler) {
    public HandlerState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handler, "handler");
    }
}
