package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The owner's part of {@link MpscMailbox} (see its "Layout"), after {@link Mailbox}'s fields. */
abstract sealed class MpscMailboxHead extends Mailbox permits MpscMailboxPad {
    static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(MpscMailboxHead.class, "head", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The stub; written by the consumer with release stores, read by introspection with acquire loads. */
    @SuppressWarnings("unused") // accessed through HEAD
    private Envelope head;
}
