package io.loomotp.observer;

import io.loomotp.cluster.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/**
 * The configurations of two nodes, {@code n1} and {@code n2}, that join one cluster on loopback, each listing both as
 * initial members: the set-up the observer's two-node tests share.
 *
 * @param first {@code n1}'s configuration
 * @param second {@code n2}'s configuration
 */
public record LoopbackPair(ClusterConfig first, ClusterConfig second) {

    /** Two free loopback ports, and the cluster's name, secret and failure-detection timeout. */
    public static LoopbackPair of(String clusterName, String secret, Duration failureTimeout) {
        int p1 = freePort();
        int p2 = freePort();
        ClusterConfig base = ClusterConfig.of("n1", secret).withClusterName(clusterName)
                .withInitialMembers(List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2))
                .withFailureTimeout(failureTimeout);
        return new LoopbackPair(base.withBindPort(p1), base.withNodeName("n2").withBindPort(p2));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
