package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
