package io.loomotp.it;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Overflow;
import io.loomotp.Server;
import java.util.concurrent.CountDownLatch;

/** A server with a bounded mailbox by default (two messages, the newest dropped), held at a gate while filled. */
@Server(mailboxCapacity = 2, overflow = Overflow.DROP_NEWEST)
public final class Bounded {
    private final CountDownLatch gate;
    private int casts;

    public Bounded(CountDownLatch gate) {
        this.gate = gate;
    }

    @Cast
    void hold() throws InterruptedException {
        gate.await();
    }

    @Cast
    void add() {
        casts++;
    }

    @Call
    int casts() {
        return casts;
    }
}
