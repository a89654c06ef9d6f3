package io.loomotp.runtime;

/**
 * How to spawn a process: Erlang's {@code spawn_opt} options. Immutable; each {@code with…} method returns a copy.
 *
 * @param name a name to register the process under before it runs, or null
 * @param mailbox the mailbox's shape; unbounded by default
 * @param trapExits whether the process traps exits from its first instruction
 */
public record SpawnOptions(String name, MailboxSpec mailbox, boolean trapExits) {
    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, MailboxSpec.unbounded(), false);

    public SpawnOptions {
        if (mailbox == null) {
            throw new IllegalArgumentException("mailbox must not be null: use MailboxSpec.unbounded()");
        }
    }

    /** No name, an unbounded mailbox, not trapping exits. */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /** A copy that registers the process under {@code name}. */
    public SpawnOptions withName(String name) {
        return new SpawnOptions(name, mailbox, trapExits);
    }

    /** A copy with the given mailbox. */
    public SpawnOptions withMailbox(MailboxSpec mailbox) {
        return new SpawnOptions(name, mailbox, trapExits);
    }

    /** A copy that traps exits from the start, or not. */
    public SpawnOptions withTrapExits(boolean trapExits) {
        return new SpawnOptions(name, mailbox, trapExits);
    }
}
