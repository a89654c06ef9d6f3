package io.loomotp.bench;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** The anchors' gen_server: {@code inc} answers N+1, {@code get} answers N, the cast {@code add} adds one. */
@Server
public final class Counter {
    private int n;

    @Call
    int inc() {
        return ++n;
    }

    @Call
    int get() {
        return n;
    }

    @Cast
    void add() {
        n++;
    }
}
