package corpus;

import io.loomotp.Event;
import io.loomotp.Init;
import io.loomotp.StateMachine;

/**
 * A state machine with record states whose events are named like classes its dispatch uses (string: the message
 * record String hid java.lang.String in formatState) or like its protocol interface (eventMessage), and with
 * parameters named like runtime classes. Found by a new user's test (2026-12-05).
 */
@StateMachine
public final class Phone {
    public sealed interface S permits Idle, Busy {}

    public record Idle() implements S {}

    public record Busy(String with) implements S {}

    private int n;

    @Init
    S init() {
        return new Idle();
    }

    @Event
    S string(Idle s, String x) {
        n++;
        return new Busy(x);
    }

    @Event
    S string(Busy s, String x) {
        return new Idle();
    }

    @Event
    void eventMessage(S s) {
        n++;
    }

    @Event
    void object(S s, Object o) {
        n++;
    }

    @Event
    void go(S s, String GenStatem, int Terms) {
        n += Terms;
    }
}
