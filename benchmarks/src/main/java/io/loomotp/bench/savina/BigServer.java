package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * A worker of Savina's big as a {@code @Server}: it pings a random neighbour, answers the pings of the others, and
 * pings again at each pong until it has had {@code n}; then it tells the sink.
 */
@Server
public final class BigServer {
    private final int id;
    private final int n;
    private final Pid sink;
    private BigServerRef[] all;
    private BigServerRef self;
    private long seed;
    private int pongs;

    BigServer(int id, int n, Pid sink) {
        this.id = id;
        this.n = n;
        this.sink = sink;
        this.seed = 0x9E3779B97F4A7C15L * (id + 1);
    }

    @Cast
    void begin(BigServerRef[] neighbours) {
        all = neighbours;
        self = BigServerRef.of(Process.self());
        pingRandom();
    }

    @Cast
    void ping(BigServerRef from) {
        from.pong();
    }

    @Cast
    void pong() {
        if (++pongs == n) {
            Process.send(sink, new Done(id, pongs));
        } else {
            pingRandom();
        }
    }

    private void pingRandom() {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        all[(int) Long.remainderUnsigned(seed, all.length)].ping(self);
    }
}
