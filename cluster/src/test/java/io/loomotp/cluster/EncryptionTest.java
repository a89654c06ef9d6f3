package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encryption switch (JGroups ASYM_ENCRYPT): two nodes in this JVM form an encrypted cluster and talk. */
class EncryptionTest {
    @Test
    void withEncryption_nodesJoinAndExchangeMessagesAndCalls() {
        int p1 = NodeJvm.freePort();
        int p2 = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        try (Node n1 = Node.create("e1"); Node n2 = Node.create("e2")) {
            ClusterConfig base = ClusterConfig.of("e1", NodeJvm.SECRET).withClusterName("loomotp-encrypted")
                    .withInitialMembers(members).withEncryption(true).withFailureTimeout(Duration.ofSeconds(1))
                    .allow(Wire.ALLOWED);
            try (Cluster c1 = Cluster.join(n1, base.withBindPort(p1));
                 Cluster c2 = Cluster.join(n2, base.withNodeName("e2").withBindPort(p2))) {
                Await.until(() -> c1.nodes().contains("e2") && c2.nodes().contains("e1"), "e1 and e2 see each other");
                KvRef kv = KvRef.start(n1, Kv::new, io.loomotp.runtime.server.StartOptions.defaults().withName("kv"));
                Probe asker = Probe.spawn(n2);
                Probe agent = Probe.spawn(n1);
                n1.register("agent", agent.pid());
                c2.send("e1", "agent", new Wire.WhoIs(asker.pid(), "kv"));
                Wire.WhoIs whoIs = agent.next(Wire.WhoIs.class);
                n1.send(whoIs.replyTo(), new Wire.Found("kv", kv.pid()));
                Pid remoteKv = asker.next(Wire.Found.class).pid();
                assertThat(remoteKv).isNotSameAs(kv.pid());
                assertThat(asker.<Integer>exec(() -> KvRef.of(remoteKv).add(4))).isEqualTo(4);
            }
        }
    }
}
