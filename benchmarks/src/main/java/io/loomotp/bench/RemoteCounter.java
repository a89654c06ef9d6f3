package io.loomotp.bench;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Info;
import io.loomotp.Server;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * The remote anchors' gen_server ({@code anchor_remote.erl}): {@code inc} answers N+1, {@code get} answers N, the cast
 * {@code add} adds one, {@code echo} sends its payload back. A client on another node finds it by its registered name
 * with a {@link Locate} message, as an Erlang client would send {@code {counter, Node} ! ...}.
 */
@Server
public final class RemoteCounter {
    /** Asks the counter for its pid, answered with {@link Located} to {@code replyTo}. */
    public record Locate(Pid replyTo) {}

    /** The counter's pid, sent to whoever asked with {@link Locate}. */
    public record Located(Pid counter) {}

    private int n;

    @Call
    int inc() {
        return ++n;
    }

    @Call
    int get() {
        return n;
    }

    @Call
    byte[] echo(byte[] payload) {
        return payload;
    }

    @Cast
    void add() {
        n++;
    }

    @Info
    void locate(Locate ask) {
        Process.send(ask.replyTo(), new Located(Process.self()));
    }
}
