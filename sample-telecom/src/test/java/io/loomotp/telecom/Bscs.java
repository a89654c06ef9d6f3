package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.sys.Sys;
import io.loomotp.testkit.TestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Starts the sample on a test's node, and checks the system's invariants once the calls are over. */
final class Bscs {
    private Bscs() {}

    record Running(BscApplication app, Pid top, Load load) {
        BscConfig config() {
            return app.component().config();
        }
    }

    /** The application (permanent) with these settings, and the simulated phones. */
    static Running start(Node node, Path dir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("overload_log", dir.resolve("overload.log").toString()));
        all.putAll(settings);
        BscApplication app = new BscApplication(all);
        Pid top = node.start(app, Restart.PERMANENT);
        Load load = Load.start(node, app.component().config(), app.component().hlr());
        return new Running(app, top, load);
    }

    /** Waits, up to a bound, for a condition that takes the load some seconds to reach (the kit's awaitAssert). */
    static void waitFor(BooleanSupplier condition, Duration bound, String what) {
        TestKit.awaitAssert(bound, () -> assertThat(condition.getAsBoolean()).as(what).isTrue());
    }

    /** Stops the phones, and waits for every one to have finished its call and left. */
    static void stopLoad(Running bsc) throws InterruptedException {
        bsc.load().stop();
        assertThat(bsc.load().awaitStopped(Duration.ofSeconds(60))).as("every phone to finish and leave").isTrue();
    }

    /**
     * The invariants once every call is over: no frequency leaked, every controller idle, the HLR matching the live
     * controllers, and every call attempt with an outcome.
     */
    static void assertInvariants(Node node, Running bsc) {
        FrequencyRef frequency = FrequencyRef.whereis(node);
        assertThat(frequency).as("the frequency server").isNotNull();
        waitFor(() -> frequency.inUse() == 0, Duration.ofSeconds(10), "every frequency back");
        assertThat(frequency.available()).isEqualTo(bsc.config().frequencies().size());

        PhonesRef phones = PhonesRef.whereis(node);
        List<ChildInfo> children = phones.whichChildren();
        Set<Pid> live = new HashSet<>();
        for (ChildInfo c : children) {
            if (c.pid() != null) {
                live.add(c.pid());
                MachineState s = (MachineState) Sys.getState(c.pid());
                assertThat(s.state()).as("controller %s", c.pid()).isInstanceOf(PhoneController.Idle.class);
            }
        }
        Map<String, Pid> hlr = bsc.app().component().hlr().current().numbers();
        assertThat(new HashSet<>(hlr.values())).as("the HLR's controllers are the live ones").isEqualTo(live);
        assertThat(hlr).hasSize(bsc.config().phones());

        Stats s = bsc.load().stats();
        assertThat(s.lost.get()).as("call attempts without an outcome").isZero();
        assertThat(s.outcomes()).as("every attempt has exactly one outcome").isEqualTo(s.attempts.get());
        assertThat(s.completed.get() + s.cut.get()).as("every call set up ended once, completed or cut")
                .isEqualTo(s.setUp.get());
    }
}
