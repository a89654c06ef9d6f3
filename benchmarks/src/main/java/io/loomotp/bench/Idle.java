package io.loomotp.bench;

import io.loomotp.Call;
import io.loomotp.Server;

/** A server that only waits: W4 and W8 start many of these. Its one call lets a harness check it is alive. */
@Server
public final class Idle {
    @Call
    boolean alive() {
        return true;
    }
}
