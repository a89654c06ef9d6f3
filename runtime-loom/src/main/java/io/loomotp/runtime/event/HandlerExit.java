package io.loomotp.runtime.event;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * The message a process gets when a handler it added with {@code addSupervisedHandler} is removed: OTP's
 * {@code {gen_event_EXIT, Handler, Reason}}. The reason is {@link ExitReason#NORMAL} for a delete or a self-removal,
 * {@link ExitReason#SHUTDOWN} when the manager stopped, {@link ExitReason.Crash} when the handler threw, and on a swap a
 * {@link ExitReason.Custom} holding a {@link Swapped} (OTP's {@code {swapped, NewHandler, Pid}}).
 *
 * @param manager the event manager
 * @param handler the handler removed
 * @param reason why
 */
public record HandlerExit(Pid manager, HandlerId handler, ExitReason reason) {
    /**
     * The reason's term on a swap: OTP's {@code {swapped, NewHandler, Pid}}.
     *
     * @param next the handler that replaced this one
     * @param supervisor the new handler's supervisor (the old one's on a plain swap), or null if it has none
     */
    public record Swapped(HandlerId next, Pid supervisor) {
        @Override
        public String toString() {
            return "{swapped, " + next + ", " + (supervisor == null ? "false" : supervisor) + "}";
        }
    }

    @Override
    public String toString() {
        return "{gen_event_EXIT, " + handler + ", " + reason + "}";
    }
}
