package io.loomotp.testkit;

import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import java.util.List;
import java.util.Objects;

/**
 * A caller's reply slot in a synchronous harness: records the reply as an {@link Effect.Reply}, or the call's failure
 * as an {@link Effect.CallFailed}, in the harness's list of effects. Not thread-safe: the harness's thread only.
 */
final class HarnessFrom implements From {
    private final Pid caller;
    private final List<Effect> effects;
    boolean pending = true;
    /** True once a handler took the slot as its {@code ReplyTo} (a generated dispatch passes {@code from.typed()}). */
    boolean taken;
    Object value;
    RuntimeException failure;

    HarnessFrom(Pid caller, List<Effect> effects) {
        this.caller = Objects.requireNonNull(caller, "from");
        this.effects = effects;
    }

    @Override
    public Pid pid() {
        return caller;
    }

    @Override
    public <T> io.loomotp.runtime.ReplyTo<T> typed() {
        taken = true;
        return From.super.typed();
    }

    @Override
    public boolean reply(Object v) {
        taken = true;
        if (!pending) {
            return false;
        }
        pending = false;
        value = v;
        effects.add(new Effect.Reply(caller, v));
        return true;
    }

    /** Fails the call, as the runtime fails a caller's call with the exception it then throws. */
    boolean fail(RuntimeException e) {
        if (!pending) {
            return false;
        }
        pending = false;
        failure = e;
        effects.add(new Effect.CallFailed(caller, e));
        return true;
    }

    @Override
    public boolean isPending() {
        return pending;
    }
}
