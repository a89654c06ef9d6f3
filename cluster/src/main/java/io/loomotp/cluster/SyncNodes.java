package io.loomotp.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The nodes a node waits for when it starts: OTP's kernel parameters {@code sync_nodes_mandatory},
 * {@code sync_nodes_optional} and {@code sync_nodes_timeout}. {@link DistributedApplications#syncNodes} waits until
 * every node named here is up, or until the timeout; then it fails if a mandatory node is missing (OTP's node does not
 * start) and returns otherwise, whether or not the optional ones came.
 *
 * @param mandatory the nodes that must be up within the timeout
 * @param optional the nodes waited for up to the timeout, but not required
 * @param timeout how long to wait; OTP's default is 0, and its {@code infinity} is
 *     {@code ChronoUnit.FOREVER.getDuration()}
 */
public record SyncNodes(List<String> mandatory, List<String> optional, Duration timeout) {

    /** No nodes to wait for. */
    public static final SyncNodes NONE = new SyncNodes(List.of(), List.of(), Duration.ZERO);

    /** @throws IllegalArgumentException if the timeout is negative */
    public SyncNodes {
        mandatory = List.copyOf(Objects.requireNonNull(mandatory, "mandatory"));
        optional = List.copyOf(Objects.requireNonNull(optional, "optional"));
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("sync_nodes_timeout is negative: " + timeout.toMillis() + " ms");
        }
    }
}
