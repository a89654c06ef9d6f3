package io.loomotp.bench.savina;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** Savina's counting actor as a {@code @Server}: a cast adds one, a call reads the count. */
@Server
public final class CountServer {
    private int count;

    @Cast
    void increment() {
        count++;
    }

    @Call
    int count() {
        return count;
    }
}
