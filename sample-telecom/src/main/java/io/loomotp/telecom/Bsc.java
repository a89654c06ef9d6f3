package io.loomotp.telecom;

import io.loomotp.Child;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;
import io.loomotp.runtime.Pid;

/**
 * The base-station controller's top supervisor (the book's {@code bsc_sup}): the overload manager, the frequency
 * server, and the phones' supervisor, {@code REST_FOR_ONE}: if the frequency server dies, the phones' supervisor
 * (whose calls hold its frequencies) is restarted after it; if the overload manager dies, everything after it is.
 */
@Supervisor(strategy = Strategy.REST_FOR_ONE, intensity = 2, period = "1h", name = "bsc")
public interface Bsc {
    @Child(id = "freq_overload", shutdown = "2s") // the book's child id, which its reports and the tree show
    Pid freqOverload();

    @Child
    FrequencyRef frequency();

    @Child
    PhonesRef phones();
}
