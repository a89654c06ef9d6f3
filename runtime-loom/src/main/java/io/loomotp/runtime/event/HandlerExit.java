package io.loomotp.runtime.event;

import io.loomotp.runtime.Pid;

/**
 * The message a process gets when a handler it added with {@code addSupervisedHandler} is removed: OTP's
 * {@code {gen_event_EXIT, Handler, Reason}}. The reason is {@code normal} for a delete or a self-removal,
 * {@code shutdown} when the manager stopped, {@code {swapped, New}} on a swap, or the crash.
 *
 * @param manager the event manager
 * @param handler the handler removed
 * @param reason why
 */
public record HandlerExit(Pid manager, HandlerId handler, Object reason) {
    @Override
    public String toString() {
        return "{gen_event_EXIT, " + handler + ", " + reason + "}";
    }
}
