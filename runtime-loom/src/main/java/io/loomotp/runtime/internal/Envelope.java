package io.loomotp.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One message in a mailbox, and the queue link that carries it: the only allocation a send makes.
 *
 * <p>The {@link #kind} tells the behaviour loops how the message was sent, so that a cast or a system message needs
 * no wrapper object. {@link #next} is written once by the producer that appends after this node (release) and read by
 * the consumer (acquire); see {@link MpscMailbox} for the protocol.
 */
public class Envelope {
    /** A plain message, from {@code send}. */
    public static final byte MESSAGE = 0;
    /** An asynchronous request, from {@code cast}. */
    public static final byte CAST = 1;
    /** A synchronous request; the envelope is a {@link CallEnvelope}. */
    public static final byte CALL = 2;
    /** A system message of the sys protocol; the envelope is a {@link CallEnvelope}. */
    public static final byte SYSTEM = 3;
    /** A message the runtime made from a signal ({@code Exit}, {@code Down}); never refused by a bound. */
    public static final byte SIGNAL = 4;

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The payload. Not cleared when taken: a server's crash report names the last message it took. Whatever keeps a
     * taken envelope (a {@code From} kept for a later reply) keeps its payload too, but nothing queued after it
     * ({@link MpscMailbox} links a taken envelope to itself).
     */
    Object message;

    /** The kind of send that made this envelope. */
    public final byte kind;

    @SuppressWarnings("unused") // accessed through NEXT
    private Envelope next;

    /**
     * Set by a bounded mailbox's sender ({@code DROP_OLDEST}, under the mailbox's lock) on a message its owner kept in
     * its stash: the owner skips it when it meets it there. Read only on the stash's path; costs no space (padding).
     */
    volatile boolean evicted;

    public Envelope(byte kind, Object message) {
        this.kind = kind;
        this.message = message;
    }

    /** The payload. */
    public final Object message() {
        return message;
    }

    final Envelope nextAcquire() {
        return (Envelope) NEXT.getAcquire(this);
    }

    final void nextRelease(Envelope value) {
        NEXT.setRelease(this, value);
    }

    final Envelope nextPlain() {
        return (Envelope) NEXT.get(this);
    }

    /** True for envelopes a bounded mailbox must accept even when full. */
    final boolean bypassesBound() {
        return kind == SYSTEM || kind == SIGNAL;
    }
}
