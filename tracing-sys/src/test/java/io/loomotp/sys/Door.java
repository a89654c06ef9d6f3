package io.loomotp.sys;

import io.loomotp.Event;
import io.loomotp.Init;
import io.loomotp.StateMachine;
import io.loomotp.runtime.ReplyTo;

/** A state machine for the tools to look at. */
@StateMachine
public final class Door {
    public enum State { LOCKED, OPEN }

    int opened;

    @Init
    State init() {
        return State.LOCKED;
    }

    @Event
    State toggle(State state) {
        if (state == State.LOCKED) {
            opened++;
            return State.OPEN;
        }
        return State.LOCKED;
    }

    @Event
    void opened(State state, ReplyTo<Integer> replyTo) {
        replyTo.reply(opened);
    }
}
