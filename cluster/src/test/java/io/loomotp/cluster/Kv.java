package io.loomotp.cluster;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.runtime.Process;
import java.time.Duration;

/** A server the multi-node tests call from another JVM: adds, hangs, or crashes on request. */
@Server
public final class Kv {
    int total;

    /** A data type declared in the server: allowed with it ({@code AllowListTest}). */
    public record Snapshot(int total) {}

    @Call
    int add(int n) {
        total += n;
        return total;
    }

    @Cast
    void reset() {
        total = 0;
    }

    /** Never replies: for timeouts, and for a node lost during a call. */
    @Call
    int hang() {
        Process.sleep(Duration.ofMinutes(10));
        return -1;
    }

    /** Crashes the server while its caller waits. */
    @Call
    int die(String why) {
        throw new IllegalStateException(why);
    }
}
