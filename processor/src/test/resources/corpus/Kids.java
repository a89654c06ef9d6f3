package corpus;

import io.loomotp.Cast;
import io.loomotp.Child;
import io.loomotp.Server;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;
import io.loomotp.runtime.Pid;

/**
 * A static supervisor whose children are named like its generated locals, two of one client type, and a Pid. (The
 * server is nested: a top-level second class of a file is javac's "auxiliary class", which -Xlint:auxiliaryclass
 * warns about wherever another file names it, generated or not.)
 */
@Supervisor(strategy = Strategy.ONE_FOR_ALL)
interface Kids {
    @Child
    Kids_WRef child();

    @Child(id = "second")
    Kids_WRef w();

    @Child
    Pid pid2();

    @Server
    final class W {
        @Cast
        void go() {}
    }
}
