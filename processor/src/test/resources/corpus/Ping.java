package corpus;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/** A handler named like its class: the message record Ping must not hide the class Ping in the dispatch. */
@Server
final class Ping {
    private int count;

    @Call
    int ping() {
        return ++count;
    }

    @Cast
    void pingDispatch() {}

    @Cast
    void pingRef() {}
}
