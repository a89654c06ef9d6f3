package io.loomotp.runtime.internal;

import io.loomotp.Overflow;
import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.Node;

/** Test helper: a bounded mailbox owned by a process of a throwaway node, for the drop reports. */
final class Mailboxes {
    private static final Node NODE = quiet(Node.create("mailbox-tests"));

    /** The drops these tests provoke are asserted on the mailboxes' counts; their reports would only fill the log. */
    private static Node quiet(Node node) {
        node.logReports(false);
        return node;
    }

    private Mailboxes() {}

    static BoundedMailbox bounded(int capacity, Overflow policy) {
        ProcessImpl owner = Starts.runtime(NODE).create(io.loomotp.runtime.SpawnOptions.defaults()
                .withMailbox(MailboxSpec.bounded(capacity, policy)), null, false, null);
        return (BoundedMailbox) owner.mailbox;
    }
}
