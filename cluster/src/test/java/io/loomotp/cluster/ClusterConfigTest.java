package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    @Test
    void of_defaults_loopbackTcpPortAndTwoSecondDetection() {
        ClusterConfig c = ClusterConfig.of("a", "s3cret");
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.bindPort()).isEqualTo(7800);
        assertThat(c.failureTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.clusterName()).isEqualTo("loomotp");
        assertThat(c.encrypt()).isFalse();
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void fromProperties_readsEveryKey() {
        Properties p = new Properties();
        p.setProperty("loomotp.cluster.name", "bsc");
        p.setProperty("loomotp.cluster.node", "n1");
        p.setProperty("loomotp.cluster.secret", "cookie");
        p.setProperty("loomotp.cluster.bind", "10.0.0.5");
        p.setProperty("loomotp.cluster.port", "7900");
        p.setProperty("loomotp.cluster.members", "10.0.0.5:7900, 10.0.0.6:7900");
        p.setProperty("loomotp.cluster.failureTimeout", "PT3S");
        p.setProperty("loomotp.cluster.maxMessageBytes", "65536");
        p.setProperty("loomotp.cluster.encrypt", "true");
        ClusterConfig c = ClusterConfig.fromProperties(p);
        assertThat(c.clusterName()).isEqualTo("bsc");
        assertThat(c.nodeName()).isEqualTo("n1");
        assertThat(c.secret()).isEqualTo("cookie");
        assertThat(c.bindAddress()).isEqualTo("10.0.0.5");
        assertThat(c.bindPort()).isEqualTo(7900);
        assertThat(c.initialMembers()).containsExactly("10.0.0.5:7900", "10.0.0.6:7900");
        assertThat(c.failureTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.maxMessageBytes()).isEqualTo(65536);
        assertThat(c.encrypt()).isTrue();
    }

    @Test
    void fromProperties_missingOrBadValue_namesTheKey() {
        Properties p = new Properties();
        p.setProperty("loomotp.cluster.node", "n1");
        assertThatThrownBy(() -> ClusterConfig.fromProperties(p)).hasMessage("loomotp.cluster.secret is required");
        p.setProperty("loomotp.cluster.secret", "cookie");
        p.setProperty("loomotp.cluster.failureTimeout", "soon");
        assertThatThrownBy(() -> ClusterConfig.fromProperties(p)).hasMessageContaining("loomotp.cluster.failureTimeout");
        p.setProperty("loomotp.cluster.failureTimeout", "1500");
        p.setProperty("loomotp.cluster.port", "x");
        assertThatThrownBy(() -> ClusterConfig.fromProperties(p)).hasMessageContaining("loomotp.cluster.port");
    }

    @Test
    void withInitialMembers_notHostPort_rejected() {
        assertThatThrownBy(() -> ClusterConfig.of("a", "s").withInitialMembers(List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClusterConfig.of("a", " ")).hasMessageContaining("secret");
        assertThatThrownBy(() -> ClusterConfig.of("a", "s").withFailureTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("at least 100 ms");
    }

    @Test
    void withFailureDetectorPorts_defaultsAreJGroups_andABadSpanIsRefusedInOneLine() {
        ClusterConfig c = ClusterConfig.of("a", "s");
        assertThat(c.failureDetectorOffset()).isEqualTo(100);
        assertThat(c.failureDetectorPortRange()).isEqualTo(50);
        assertThat(c.withBindPort(65500).bindPort()).as("the defaults are not checked: JGroups wraps").isEqualTo(65500);
        ClusterConfig set = c.withBindPort(10400).withFailureDetectorPorts(25, 24);
        assertThat(set.failureDetectorOffset()).isEqualTo(25);
        assertThat(set.failureDetectorPortRange()).isEqualTo(24);
        assertThat(set.withSecret("t").failureDetectorOffset()).as("kept by a copy").isEqualTo(25);
        assertThatThrownBy(() -> c.withFailureDetectorPorts(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure detector offset must be 1 or more (0 is the bind port itself): 0");
        assertThatThrownBy(() -> c.withFailureDetectorPorts(100, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure detector port range must be 0 (the first port only) or more: -1");
        assertThatThrownBy(() -> c.withBindPort(65500).withFailureDetectorPorts(30, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("failure detector ports 65530-65540 (bind "
                        + "port 65500 + offset 30, range 10) end above 65535: give a smaller offset or range");
        assertThatThrownBy(() -> set.withBindPort(65500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("failure detector ports 65525-65549");
    }

    @Test
    void fromProperties_failureDetectorPorts() {
        Properties p = new Properties();
        p.setProperty("loomotp.cluster.node", "n1");
        p.setProperty("loomotp.cluster.secret", "cookie");
        p.setProperty("loomotp.cluster.port", "10400");
        p.setProperty("loomotp.cluster.failureDetectorOffset", "25");
        p.setProperty("loomotp.cluster.failureDetectorPortRange", "0");
        ClusterConfig c = ClusterConfig.fromProperties(p);
        assertThat(c.failureDetectorOffset()).isEqualTo(25);
        assertThat(c.failureDetectorPortRange()).isZero();
        p.setProperty("loomotp.cluster.failureDetectorOffset", "0");
        assertThatThrownBy(() -> ClusterConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("loomotp.cluster.failureDetectorOffset, "
                        + "loomotp.cluster.failureDetectorPortRange: failure detector offset must be 1 or more");
        p.setProperty("loomotp.cluster.failureDetectorOffset", "x");
        assertThatThrownBy(() -> ClusterConfig.fromProperties(p))
                .hasMessage("loomotp.cluster.failureDetectorOffset: not a number: 'x'");
    }

    /** The node binds its failure detector (FD_SOCK2) where the setting says, and nothing there once it has left. */
    @Test
    void withFailureDetectorPorts_theNodesFailureDetectorListensThere() {
        try (Node node = Node.create("fdports")) {
            Cluster cluster = Cluster.join(node, ClusterConfig.of("fdports", "s3cret")
                    .withClusterName("fdports-" + System.nanoTime()).withBindPort(10440)
                    .withFailureDetectorPorts(5, 0));
            try {
                assertThat(isFree(10440)).as("the node's own port").isFalse();
                assertThat(isFree(10445)).as("its failure detector's, 10440 + 5").isFalse();
            } finally {
                cluster.close();
            }
            assertThat(isFree(10445)).as("released on leaving").isTrue();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
