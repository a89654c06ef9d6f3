package io.loomotp.cluster.tutorial;

import io.loomotp.Call;
import io.loomotp.Server;

/** The distributed tutorial's server (docs/tutorial-distributed.md): it counts, on node b. */
@Server
public final class Counter {
    private int total;

    @Call
    int add(int n) {
        total += n;
        return total;
    }
}
