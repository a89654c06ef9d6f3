package corpus;

import io.loomotp.Call;
import io.loomotp.Event;
import io.loomotp.Init;
import io.loomotp.Server;
import io.loomotp.StateMachine;
import io.loomotp.runtime.ReplyTo;
import java.util.List;

/** Behaviours nested two deep, a deferred generic reply, and a state machine with record states and data. */
public final class Outer {
    public static final class Inner {
        @Server
        static final class Deep {
            @Call
            void later(ReplyTo<List<String>> replyTo) {
                replyTo.reply(List.of("done"));
            }
        }

        @StateMachine
        static final class Door {
            sealed interface State permits Open, Closed {}

            record Open(int times) implements State {}

            record Closed() implements State {}

            @Init
            State init() {
                return new Closed();
            }

            @Event
            State push(Closed state) {
                return new Open(1);
            }

            @Event
            State push(Open state) {
                return new Closed();
            }

            @Event
            void times(State state, ReplyTo<Integer> replyTo) {
                replyTo.reply(state instanceof Open(int times) ? times : 0);
            }

            @Event
            void code(State state, String... digits) {}
        }
    }
}
