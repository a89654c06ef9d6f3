package io.loomotp.runtime.statem;

import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ReplyTo;

/**
 * What a machine's event handler gets as its caller for an event that came with none: a cast, or one inserted with
 * {@link Transition#nextCast}. A handler that takes a {@code ReplyTo} is a call's, so using this one is a mistake of
 * the machine's (OTP's gen_statem would give that clause {@code cast} where it matched {@code {call, From}}), and it
 * says so, rather than the null pointer the handler would otherwise meet.
 */
final class NoCaller implements From {
    static final NoCaller INSTANCE = new NoCaller();

    private NoCaller() {}

    private static IllegalStateException misuse() {
        return new IllegalStateException("this event came as a cast (a client's cast, or Transition.nextCast), but "
                + "its handler takes a ReplyTo, which only a call has: send it with a call, or insert it with "
                + "Transition.nextCall(event, replyTo)");
    }

    @Override
    public <T> ReplyTo<T> typed() {
        throw misuse();
    }

    @Override
    public Pid pid() {
        throw misuse();
    }

    @Override
    public boolean reply(Object value) {
        throw misuse();
    }

    @Override
    public boolean isPending() {
        return false;
    }

    @Override
    public String toString() {
        return "no caller (a cast)";
    }
}
