package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Alias;
import io.loomotp.runtime.AliasMode;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Process aliases across nodes: an alias sent to another node answers while active, and drops once retired. */
@Timeout(60)
class RemoteAliasTest {

    @Test
    void anAliasSentToAnotherNode_deliversWhileActive_dropsOnceRetired() throws Exception {
        try (TwoNodes two = TwoNodes.start("loomotp-alias")) {
            // on x, an echo that answers through whatever alias it is sent
            two.x().spawn(() -> {
                Process.register("echo");
                for (;;) {
                    Object m = Process.receive();
                    if (m instanceof Alias a) {
                        Process.send(a, "pong");
                        Process.send(a.owner(), "after pong"); // to the pid: always arrives, after the pong
                    } else if (m.equals("stop")) {
                        return;
                    }
                }
            });
            CompletableFuture<String> result = new CompletableFuture<>();
            two.y().spawn(() -> {
                Alias a = Process.alias();
                two.cy().send("x", "echo", a);
                String first = (String) Process.receive(Duration.ofSeconds(10));
                String second = (String) Process.receive(Duration.ofSeconds(10));
                Process.unalias(a);
                two.cy().send("x", "echo", a);
                String third = (String) Process.receive(Duration.ofSeconds(10));
                Alias once = Process.alias(AliasMode.REPLY);
                two.cy().send("x", "echo", once);
                two.cy().send("x", "echo", once);
                String fourth = (String) Process.receive(Duration.ofSeconds(10));
                String fifth = (String) Process.receive(Duration.ofSeconds(10));
                String sixth = (String) Process.receive(Duration.ofSeconds(10));
                result.complete(String.join(",", first, second, third, fourth, fifth, sixth));
            });
            assertThat(result.get(30, TimeUnit.SECONDS))
                    .as("the retired alias's pong and the reply alias's second pong were dropped")
                    .isEqualTo("pong,after pong,after pong,pong,after pong,after pong");
            Pid echo = two.x().whereis("echo");
            two.x().send(echo, "stop");
        }
    }

    /** A monitor's alias on a process of another node ends with the Down, which came over the wire. */
    @Test
    void aMonitorsAlias_onAnotherNodesProcess_endsWithItsDown() throws Exception {
        try (TwoNodes two = TwoNodes.start("loomotp-alias-monitor")) {
            Pid watched = two.x().spawn(() -> Process.receive());
            two.x().spawn(() -> {
                Process.register("relay");
                Alias a = (Alias) Process.receive(Duration.ofSeconds(10));
                Process.receive(m -> m.equals("go"), Duration.ofSeconds(10));
                Process.send(a, "late");
                Process.send(a.owner(), "after");
            });
            CompletableFuture<String> result = new CompletableFuture<>();
            two.y().spawn(() -> {
                Pid target = watched;
                Alias a = Process.monitorWithAlias(target, AliasMode.DEMONITOR);
                two.cy().send("x", "relay", a);
                Process.exit(target, io.loomotp.runtime.ExitReason.KILL);
                Object down = Process.receive(io.loomotp.runtime.Down.class, Duration.ofSeconds(10));
                two.cy().send("x", "relay", "go");
                Object next = Process.receive(Duration.ofSeconds(10));
                result.complete((down == null ? "no down" : "down") + "," + next);
            });
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("down,after");
        }
    }
}
