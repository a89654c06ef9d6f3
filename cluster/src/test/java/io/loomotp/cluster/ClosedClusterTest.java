package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A closed membership refuses to be used, and the services taken from it before say at once that their server has
 * ended (a new user's findings: a closed cluster still started a pg scope, whose name then failed the rejoin, and a
 * pg join or a global registration waited 30 s and then blamed the leader). One node, alone in its cluster.
 */
class ClosedClusterTest {

    @Test
    void afterClose_theClusterRefuses_itsServicesSayTheirServerEnded_andARejoinIsClean() {
        int port = NodeJvm.freePort();
        ClusterConfig config = TwoNodes.config("solo", "loomotp-closed", port, List.of("127.0.0.1:" + port));
        try (Node node = Node.create("solo")) {
            Cluster c = Cluster.join(node, config);
            Pg pg = c.pg();
            Global global = c.global();
            Pid p = node.spawn(() -> Process.receive());
            assertThatThrownBy(() -> global.register(" ", p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a global name must not be blank");
            c.close();
            assertThat(c.isClosed()).isTrue();

            assertThatThrownBy(() -> c.pg("scope2")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cluster.pg(scope2): this membership (node solo of cluster")
                    .hasMessageContaining("join again with Cluster.join");
            assertThatThrownBy(c::global).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.spawn("other", "echo", null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.rpc("other", "f", null)).isInstanceOf(IllegalStateException.class);
            assertThat(node.whereis("scope2")).isNull(); // nothing started by the refused call

            long before = System.nanoTime();
            assertThatThrownBy(() -> pg.join("g", p)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("the scope's server").hasMessageContaining("has ended");
            assertThatThrownBy(() -> global.register("g1", p)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("the global name server").hasMessageContaining("has ended");
            assertThat(System.nanoTime() - before).isLessThan(20_000_000_000L); // not the 30 s bound each

            Cluster again = Cluster.join(node, config);
            try {
                again.pg("scope2").join("g", p);
                assertThat(again.pg("scope2").members("g")).containsExactly(p);
            } finally {
                again.close();
            }
        }
    }

    @Test
    void initialMembers_aPortOutOfRange_refusedByTheBuilder() {
        assertThatThrownBy(() -> ClusterConfig.of("a", "secret").withInitialMembers(List.of("127.0.0.1:99999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 99999 is not a TCP port");
        assertThatThrownBy(() -> ClusterConfig.of("a", "secret").withInitialMembers(List.of("127.0.0.1:0")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
