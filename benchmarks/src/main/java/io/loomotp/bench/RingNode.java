package io.loomotp.bench;

import io.loomotp.Cast;
import io.loomotp.Server;
import java.util.concurrent.CompletableFuture;

/** A node of the ring of W5, as a server: it passes the token on, and completes {@code done} when it runs out. */
@Server
public final class RingNode {
    private final CompletableFuture<Long> done;
    private RingNodeRef next;

    public RingNode(CompletableFuture<Long> done) {
        this.done = done;
    }

    @Cast
    void link(RingNodeRef next) {
        this.next = next;
    }

    @Cast
    void token(int left) {
        if (left == 0) {
            done.complete(System.nanoTime());
        } else {
            next.token(left - 1);
        }
    }
}
