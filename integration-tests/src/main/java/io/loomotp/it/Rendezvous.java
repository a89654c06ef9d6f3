package io.loomotp.it;

import io.loomotp.Call;
import io.loomotp.Server;
import io.loomotp.runtime.ReplyTo;

/**
 * Two clients meet: the first to call waits, with its reply deferred, until a second calls; then each learns the
 * other's name. The server never blocks: it keeps the first caller's {@code ReplyTo} and answers both later.
 */
@Server
public final class Rendezvous {
    private String waitingName;
    private ReplyTo<String> waiting;

    @Call
    void meet(String name, ReplyTo<String> reply) {
        if (waiting == null || !waiting.isPending()) {
            waitingName = name;
            waiting = reply;
            return;
        }
        waiting.reply(name);
        reply.reply(waitingName);
        waiting = null;
        waitingName = null;
    }
}
