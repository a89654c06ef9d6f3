package io.loomotp.runtime;

import io.loomotp.Overflow;
/**
 * A send or call was refused because the receiver's bounded mailbox was full and its policy is
 * {@link Overflow#REJECT}, or a call request was dropped by a {@code DROP_*} policy, or a process sent to its own full
 * mailbox whose policy is {@link Overflow#BLOCK} (it would wait for room that only it can make). The message was not
 * delivered, and the receiver counted it as dropped.
 */
public final class MailboxFullException extends OtpException {
    private static final long serialVersionUID = 1L;

    private final transient Pid receiver;

    public MailboxFullException(Pid receiver, int capacity, Overflow policy) {
        super("mailbox of " + receiver + " is full (capacity " + capacity + ", policy " + policy + ")");
        this.receiver = receiver;
    }

    /** The same, with what the refusal means for this sender. */
    public MailboxFullException(Pid receiver, int capacity, Overflow policy, String detail) {
        super("mailbox of " + receiver + " is full (capacity " + capacity + ", policy " + policy + "): " + detail);
        this.receiver = receiver;
    }

    /** A copy, with the stack trace of the thread that makes it. */
    public MailboxFullException(MailboxFullException other) {
        super(other.getMessage());
        this.receiver = other.receiver;
    }

    /** The process whose mailbox was full. */
    public Pid receiver() {
        return receiver;
    }
}
