package io.loomotp;

/**
 * What a bounded mailbox does with a message that arrives when it is full. Every message that is not delivered is
 * counted, and reported as "N messages dropped by &lt;pid&gt; (reason)": nothing is dropped silently.
 *
 * <p>Signals (exit and down messages) and system messages are never refused or dropped: they bypass the bound, so
 * that supervision keeps working and an operator can always reach a flooded process.
 */
public enum Overflow {
    /** The sender waits until there is room: back-pressure. A sender blocked on a process that dies is released. */
    BLOCK,
    /** The sender gets {@code MailboxFullException}. */
    REJECT,
    /** The arriving message is dropped. A dropped call fails at once with {@code MailboxFullException}. */
    DROP_NEWEST,
    /**
     * The oldest queued message is dropped to make room, also one a selective receive (or a {@code sys} suspension)
     * has looked at and kept: the process never sees it. A dropped call fails with {@code MailboxFullException}.
     */
    DROP_OLDEST
}
