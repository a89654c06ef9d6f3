package io.loomotp.cluster.internal;

import io.loomotp.cluster.Cluster;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the cluster module's own packages other than {@code io.loomotp.cluster} reach a {@link Cluster}'s endpoint
 * (the test kit's hook, {@code io.loomotp.cluster.fault}), without a public accessor on {@code Cluster}: the JDK's
 * "shared secrets" pattern. {@code Cluster} installs the accessor when its class is initialised, which has happened
 * once there is a {@code Cluster} to ask about.
 */
public final class Endpoints {
    private static volatile Function<Cluster, Endpoint> accessor;

    private Endpoints() {}

    /** Called once, by {@code Cluster}'s static initialiser. */
    public static void install(Function<Cluster, Endpoint> endpointOf) {
        if (accessor != null) {
            throw new IllegalStateException("the endpoint accessor is installed once, by Cluster");
        }
        accessor = Objects.requireNonNull(endpointOf, "endpointOf");
    }

    /** The endpoint behind {@code cluster}. */
    public static Endpoint of(Cluster cluster) {
        Objects.requireNonNull(cluster, "cluster");
        return accessor.apply(cluster);
    }
}
