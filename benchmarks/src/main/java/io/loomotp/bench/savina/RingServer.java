package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.bench.savina.PlainWorkloads.Token;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * A node of Savina's thread ring as a {@code @Server}: it passes each token on to the next node with one hop fewer,
 * and reports a token that has none left.
 */
@Server
public final class RingServer {
    private final Pid report;
    private RingServerRef next;

    RingServer(Pid report) {
        this.report = report;
    }

    @Cast
    void link(RingServerRef next) {
        this.next = next;
    }

    @Cast
    void token(int id, int left) {
        if (left == 0) {
            Process.send(report, new Token(id, 0));
        } else {
            next.token(id, left - 1);
        }
    }
}
