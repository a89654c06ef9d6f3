package corpus;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;

/**
 * Names that broke the generated code, found by a new user's test (2026-12-05): fields whose handle constants
 * coincided (x and X, aB and a_b), a handler whose message record hid java.lang.Object, a call named yield (a
 * restricted identifier when called unqualified), parameters named like classes the generated code uses, and
 * parameters named like methods of Object, which no record component may be (notify, wait, toString).
 */
@Server
public final class Clashes {
    private int x = 1;
    private int X = 2;
    private int aB = 3;
    private int a_b = 4;
    private String last = "";

    @Call
    Object object(Object o) {
        return o;
    }

    @Call
    String yield(String sealed) {
        return sealed;
    }

    @Call
    String a(String GenServer, String Timeouts) {
        return GenServer + Timeouts;
    }

    @Call
    String c(String Terms, int Objects) {
        last = Terms;
        return Terms + Objects + x + X + aB + a_b;
    }

    @Call
    String d(String notify, long wait, String toString) {
        return notify + wait + toString;
    }

    @Cast
    void b(String Duration) {
        last = Duration;
    }
}
