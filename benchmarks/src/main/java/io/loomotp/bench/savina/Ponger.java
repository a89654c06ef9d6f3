package io.loomotp.bench.savina;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** Savina's pong actor as a {@code @Server}: it answers each ping with a pong cast, and counts the pings. */
@Server
public final class Ponger {
    private int pings;

    @Cast
    void ping(PingerRef from) {
        pings++;
        from.pong();
    }

    @Call
    int pings() {
        return pings;
    }
}
