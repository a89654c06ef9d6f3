package corpus;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Info;
import io.loomotp.Server;
import io.loomotp.runtime.From;
import java.time.Duration;

/** Names close to the generated ones: parameters and handlers named like the client's and the dispatch's members. */
@Server(name = "names")
public final class Names {
    @Call
    String callMessage(Duration timeout, String pid) { // a Duration last would warn: it reads as the call's timeout
        return pid + timeout;
    }

    @Cast
    void castMessage(Object node, Object factory, Object options) {}

    @Call
    int instance() {
        return 0;
    }

    @Cast
    void handleCall(String state, String message) {}

    @Call
    String names(String names, String timeout2, From from) {
        return names + timeout2 + from;
    }

    @Cast
    void formatState(String data) {}

    @Info
    void info(String info) {}
}
