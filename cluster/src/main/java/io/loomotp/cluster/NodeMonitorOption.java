package io.loomotp.cluster;

/**
 * An option of a node monitor subscription, {@link Cluster#monitorNodes(io.loomotp.runtime.Pid, boolean,
 * NodeMonitorOption...)}: the options list of {@code net_kernel:monitor_nodes/2}.
 */
public enum NodeMonitorOption {
    /**
     * OTP's {@code nodedown_reason}: a lost node is told as {@link NodeDownInfo}, with why it was lost, instead of
     * {@link NodeDown}.
     */
    NODEDOWN_REASON
}
