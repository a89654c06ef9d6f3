package io.loomotp.it;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** A named counter, the child of {@link Counters}: started with arguments by a dynamic supervisor. */
@Server
public final class Counter {
    private final String name;
    private int value;

    public Counter(String name, int start) {
        this.name = name;
        this.value = start;
    }

    @Call
    int value() {
        return value;
    }

    @Cast
    void add(int n) {
        value += n;
    }

    @Call
    String name() {
        return name;
    }

    @Cast
    void fail() {
        throw new IllegalStateException(name + " failed on purpose");
    }
}
