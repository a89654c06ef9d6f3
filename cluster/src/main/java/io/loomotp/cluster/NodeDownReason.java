package io.loomotp.cluster;

import java.util.Locale;

/**
 * Why a node was lost, as a subscription with {@link NodeMonitorOption#NODEDOWN_REASON} is told in
 * {@link NodeDownInfo}: the reasons of OTP's {@code {nodedown_reason, Reason}} that this cluster can tell apart. It
 * prints as OTP's atom ({@code connection_closed}).
 */
public enum NodeDownReason {
    /**
     * The other node ended the connection or was lost: it left the cluster, its JVM ended (also by {@code kill -9}:
     * the closed socket tells it, as a closed TCP connection tells Erlang), it disconnected this node, it came back
     * as a new incarnation, or it was cut off by a partition. OTP tells the last as {@code net_tick_timeout}; JGroups'
     * view does not say whether a member left or was suspected, so here it is this reason too.
     */
    CONNECTION_CLOSED,
    /** This node disconnected it: {@code Cluster.disconnectNode}, Erlang's {@code disconnect_node/1}. */
    DISCONNECT,
    /** This node left its cluster ({@code Cluster.close}, or the node stopping): OTP's net kernel terminated. */
    NET_KERNEL_TERMINATED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
