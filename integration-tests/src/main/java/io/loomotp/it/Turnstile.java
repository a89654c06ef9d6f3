package io.loomotp.it;

import io.loomotp.Event;
import io.loomotp.Init;
import io.loomotp.StateMachine;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.statem.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A turnstile that takes a season ticket as a coin it inserts itself: {@code season()} unlocks it and inserts a
 * {@code coin} cast with {@link Transition#nextCast}, using the generated event record, so that the coin's handler
 * runs before any event already queued. {@code history()} inserts a coin and then the {@code log} call its own caller
 * made, with {@link Transition#nextCall}, so that the log it answers with already has the coin in it.
 */
@StateMachine
public final class Turnstile {
    public enum State { LOCKED, UNLOCKED }

    private final List<String> log = new ArrayList<>();

    @Init
    State init() {
        return State.LOCKED;
    }

    @Event
    Transition season(State state) {
        log.add("season in " + state);
        return Transition.keep().nextCast(new Turnstile_Dispatch.Coin());
    }

    @Event
    State coin(State state) {
        log.add("coin in " + state);
        return State.UNLOCKED;
    }

    @Event
    State push(State state) {
        log.add("push in " + state);
        return State.LOCKED;
    }

    @Event
    Transition history(State state, ReplyTo<List<String>> replyTo) {
        log.add("history in " + state);
        return Transition.keep().nextCast(new Turnstile_Dispatch.Coin())
                .nextCall(new Turnstile_Dispatch.Log(), replyTo);
    }

    @Event
    void log(State state, ReplyTo<List<String>> replyTo) {
        replyTo.reply(List.copyOf(log));
    }
}
