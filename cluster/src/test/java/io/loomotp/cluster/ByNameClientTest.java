package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated client for {@code {Name, Node}} ({@code …Ref.byName(node, nodeName, name)}), as the book's chapter 13
 * calls a server on another node with {@code gen_server:call({Name, Node}, Req)}: the name is looked up on that node
 * at each use, so the client follows a restarted server; nobody holding it, or the node not up, is {@code noproc}
 * for a call and nothing for a cast. A new user's finding (2026-12-05): there was no such client. Two nodes in this
 * JVM.
 */
class ByNameClientTest {

    @Test
    void byNameOnAnotherNode_reachesWhoeverHoldsTheNameThere() {
        int pp = NodeJvm.freePort();
        int pq = NodeJvm.freePort();
        List<String> members = List.of("127.0.0.1:" + pp, "127.0.0.1:" + pq);
        Node p = Node.create("p");
        Node q = Node.create("q");
        try (Cluster cp = Cluster.join(p, TwoNodes.config("p", "loomotp-byname", pp, members).allow(Wire.ALLOWED));
             Cluster cq = Cluster.join(q, TwoNodes.config("q", "loomotp-byname", pq, members).allow(Wire.ALLOWED))) {
            Await.until(() -> cp.nodes().contains("q") && cq.nodes().contains("p"), "p and q see each other");
            Pid first = KvRef.start(q, Kv::new, StartOptions.defaults().withName("kv")).pid();

            KvRef kv = KvRef.byName(p, "q", "kv");
            assertThat(kv.add(2)).isEqualTo(2);
            assertThat(kv.pid()).isEqualTo(cp.whereis("q", "kv"));
            // the server there restarted under its name: the same client reaches the new one
            q.exit(first, ExitReason.KILL);
            Await.until(() -> !q.isAlive(first), "the first kv to be gone");
            KvRef.start(q, Kv::new, StartOptions.defaults().withName("kv"));
            assertThat(kv.add(5)).isEqualTo(5);

            assertThatThrownBy(() -> KvRef.byName(p, "q", "nobody").add(1))
                    .isInstanceOf(NoProcessException.class).hasMessageContaining("{nobody, q}");
            // a node not connected: the exit of a call whose node is lost (OTP's gen exits {nodedown, Node} for both)
            assertThatThrownBy(() -> KvRef.byName(p, "zz", "kv").add(1))
                    .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION);
                        assertThat(e.name()).isEqualTo(new RegisteredName("kv", "zz"));
                        assertThat(e.pid()).isNull();
                    })
                    .hasMessageContaining("{kv, zz}").hasMessageContaining("not connected");
            KvRef.byName(p, "q", "nobody").reset(); // a cast to nobody is dropped, as in OTP
            assertThat(KvRef.byName(q, "q", "kv").add(1)).as("a node's own name is a local name").isEqualTo(6);
        } finally {
            LocalNode.closeAll(q, p);
        }
        assertThatThrownBy(() -> KvRef.byName(Node.create("alone"), "q", "kv"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in no cluster");
    }
}
