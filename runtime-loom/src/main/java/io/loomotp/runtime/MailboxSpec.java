package io.loomotp.runtime;

import io.loomotp.Overflow;
/**
 * The shape of a process's mailbox: unbounded (the default, lock-free, where a send never blocks), or bounded with an
 * {@link Overflow} policy.
 *
 * @param capacity the bound, or 0 for unbounded
 * @param overflow what happens when a bounded mailbox is full; ignored when unbounded
 */
public record MailboxSpec(int capacity, Overflow overflow) {
    private static final MailboxSpec UNBOUNDED = new MailboxSpec(0, Overflow.BLOCK);

    public MailboxSpec {
        if (capacity < 0) {
            throw new IllegalArgumentException("mailbox capacity must be positive, or 0 for unbounded: " + capacity);
        }
        if (overflow == null) {
            throw new IllegalArgumentException("overflow policy must not be null");
        }
    }

    /** The default: an unbounded, lock-free mailbox. */
    public static MailboxSpec unbounded() {
        return UNBOUNDED;
    }

    /**
     * A mailbox that holds at most {@code capacity} messages.
     *
     * @throws IllegalArgumentException if capacity is not positive or overflow is null
     */
    public static MailboxSpec bounded(int capacity, Overflow overflow) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a bounded mailbox needs a positive capacity: " + capacity);
        }
        return new MailboxSpec(capacity, overflow);
    }

    /** True when the mailbox has a bound. */
    public boolean isBounded() {
        return capacity > 0;
    }
}
