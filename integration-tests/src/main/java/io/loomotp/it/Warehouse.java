package io.loomotp.it;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Continue;
import io.loomotp.Init;
import io.loomotp.Server;
import io.loomotp.runtime.server.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * A server whose start returns before its slow setup: {@code @Init} asks to continue with {@link Load}, and the
 * shelves are filled one per step, on the server's own thread, before any client's message is taken. A restock cast
 * splits its work into steps the same way.
 */
@Server
public final class Warehouse {
    /** One step of filling: the shelves still to fill. */
    public record Load(int shelves) {}

    private final List<String> shelves = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    @Init
    void init() {
        steps.add("init");
        Handler.continueWith(new Load(3)); // the start returns now; filling runs before any message
    }

    @Continue
    void fill(Load load) {
        steps.add("fill " + load.shelves());
        shelves.add("shelf " + shelves.size());
        if (load.shelves() > 1) {
            Handler.continueWith(new Load(load.shelves() - 1));
        }
    }

    @Continue
    void note(String what) {
        steps.add(what);
    }

    @Cast
    void restock(int shelves) {
        steps.add("restock " + shelves);
        Handler.continueWith(new Load(shelves));
        Handler.continueWith("restocked"); // a later request replaces the earlier one, as a return value would
    }

    /**
     * Empties the shelves, and returns once they are empty: a call that answers nothing but that it is done (OTP's
     * {@code {reply, ok, State}}).
     */
    @Call
    void clear() {
        steps.add("clear");
        shelves.clear();
    }

    /** Asks for a continuation no {@code @Continue} method takes: the server crashes, as OTP's does. */
    @Cast
    void oddJob() {
        Handler.continueWith(42);
    }

    @Call
    List<String> shelves() {
        return List.copyOf(shelves);
    }

    @Call
    List<String> steps() {
        return List.copyOf(steps);
    }
}
