package io.loomotp.sys;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import java.time.Duration;

/**
 * A small node in a JVM of its own, for the CLI's end-to-end test: a supervisor "top" with a counter server
 * "counter", a process that keeps casting to it, the tools installed with a short session lease. Prints
 * {@code READY <jvm pid>} once up, and runs until killed.
 */
public final class SmallNode {
    public static void main(String[] args) throws Exception {
        Node node = Node.create("small");
        TracingSys tools = TracingSys.install(node);
        tools.control().setSessionLeaseMillis(2_000); // short, yet longer than any stall between two polls
        Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
                ChildSpec.worker("counter", () -> CounterRef.startLink(Counter::new,
                        StartOptions.defaults().withName("counter")).pid())),
                StartOptions.defaults().withName("top"));
        node.spawn(() -> {
            for (;;) {
                Process.receive(m -> false, Duration.ofMillis(20));
                io.loomotp.runtime.Pid c = node.whereis("counter");
                if (c != null) {
                    CounterRef.of(c).inc();
                }
            }
        });
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        node.awaitStop();
    }
}
