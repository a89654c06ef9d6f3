package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pid is a value: a pid of this node that comes back from another node is the pid this node holds, alive or not, as
 * erts decodes a pid carrying the local node's name and creation to the local pid. A pid of a process that died while
 * the message was away came back as a stranger: not equal, printed with another node number, not local.
 */
class PidIdentityTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aLocalPid_thatDiedWhileAway_comesBackEqualToTheOneKept() throws Exception {
        try (TwoNodes n = TwoNodes.start("loomotp-pid-identity")) {
            Node x = n.x();
            Node y = n.y();
            // on y, a process that holds a pid, then gives it back to whoever asks
            Pid holder = y.spawn(() -> {
                Pid held = (Pid) Process.receive();
                Pid askedBy = (Pid) Process.receive();
                Process.send(askedBy, held);
            });
            Pid worker = x.spawn(() -> Process.receive());
            Map<Pid, String> jobs = Map.of(worker, "job 1"); // a program's table of its workers
            CompletableFuture<Pid> back = new CompletableFuture<>();
            x.spawn(() -> {
                Process.send(holder, worker);
                Process.send(holder, Process.self()); // after the worker's pid, on the same ordered channel
                back.complete((Pid) Process.receive());
            });
            x.exit(worker, ExitReason.KILL);
            Await.until(() -> !x.isAlive(worker), "the worker to die");
            Pid returned = back.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(returned).isEqualTo(worker).hasSameHashCodeAs(worker).hasToString(worker.toString());
            assertThat(jobs.get(returned)).isEqualTo("job 1");
            assertThat(x.isAlive(returned)).isFalse();
        }
    }
}
