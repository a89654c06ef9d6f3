package corpus;

import io.loomotp.Cast;
import io.loomotp.Child;
import io.loomotp.Server;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;

/** A dynamic supervisor whose child's parameters are named like the generated client's field and locals. */
@Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE, intensity = 3, period = "10s")
interface Pool {
    @Child
    Pool_WorkerRef worker(String pid, int child);

    @Server
    final class Worker {
        @Cast
        void work() {}
    }
}
