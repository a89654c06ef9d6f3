package io.loomotp.bench.savina;

import io.loomotp.Call;
import io.loomotp.Server;

/** Savina's pong, as a {@code @Server}: each call answers its argument plus one, so the client can check the chain. */
@Server
public final class PingServer {
    private int pings;

    @Call
    int ping(int n) {
        pings++;
        return n + 1;
    }

    @Call
    int pings() {
        return pings;
    }
}
