package io.loomotp.it;

import io.loomotp.Child;
import io.loomotp.Restart;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;

/** A dynamic supervisor of counters: {@code counter(name, start)} starts one. */
@Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE, intensity = 5, period = "1m", name = "counters")
public interface Counters {
    @Child(restart = Restart.TRANSIENT, shutdown = "1s")
    CounterRef counter(String name, int start);
}
