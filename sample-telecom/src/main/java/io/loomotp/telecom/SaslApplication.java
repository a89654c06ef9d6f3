package io.loomotp.telecom;

import io.loomotp.Strategy;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;

/**
 * The part of SASL the sample uses: {@code alarm_handler} under a supervisor of its own, as {@code sasl_sup} holds it
 * in an Erlang release. The threshold alarms of the metrics endpoint go to it, and reach it again after a restart
 * ({@code ThresholdAlarms} sets its raised alarms again on a new manager). Started before {@code bsc}, and outliving
 * it, as SASL outlives the applications that use it.
 */
final class SaslApplication implements Application {
    @Override
    public String name() {
        return "sasl";
    }

    @Override
    public Pid start(Config config) {
        return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
                ChildSpec.worker(Alarms.NAME, Alarms::startLink)), StartOptions.defaults().withName("sasl_sup"));
    }
}
