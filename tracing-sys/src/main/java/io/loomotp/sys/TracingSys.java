package io.loomotp.sys;

import io.loomotp.runtime.Node;
import io.loomotp.sys.jfr.JfrEvents;
import io.loomotp.sys.jmx.NodeControl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Installs the operator tools on a node: its JMX bean (which the attach CLI uses), the watchdogs, and the JFR events.
 *
 * <pre>{@code
 * try (TracingSys tools = TracingSys.install(node)) { ... }
 * }</pre>
 */
public final class TracingSys implements AutoCloseable {
    /** The tools installed, by node: one installation a node. */
    private static final Map<Node, TracingSys> INSTALLED = new WeakHashMap<>();

    private final Node node;
    private final NodeControl control;
    private final Watchdog watchdog;
    private final AutoCloseable jfr;

    private TracingSys(Node node, NodeControl control, Watchdog watchdog, AutoCloseable jfr) {
        this.node = node;
        this.control = control;
        this.watchdog = watchdog;
        this.jfr = jfr;
    }

    /** With the default thresholds: a handler on its carrier for 500 ms, a mailbox of 10,000 messages. */
    public static TracingSys install(Node node) {
        return install(node, Duration.ofMillis(500), 10_000);
    }

    /**
     * With the given thresholds.
     *
     * @throws IllegalStateException if the tools are installed on this node already: a second install would replace
     *     the first's JMX bean and run a second watchdog, and closing either would leave the node without a bean
     */
    public static TracingSys install(Node node, Duration longHandler, int largeMailbox) {
        Objects.requireNonNull(node, "node");
        if (node.isClosed()) {
            throw new IllegalStateException("node " + node.name() + " is closed: there is nothing to install the "
                    + "operator tools on");
        }
        synchronized (INSTALLED) {
            if (INSTALLED.containsKey(node)) {
                throw new IllegalStateException("the operator tools are installed on node " + node.name()
                        + " already; close the TracingSys that installed them first, or keep using it");
            }
            NodeControl control = NodeControl.register(node);
            Watchdog watchdog = Watchdog.start(node, longHandler, largeMailbox);
            AutoCloseable jfr = JfrEvents.install(node);
            TracingSys tools = new TracingSys(node, control, watchdog, jfr);
            INSTALLED.put(node, tools);
            return tools;
        }
    }

    public NodeControl control() {
        return control;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        synchronized (INSTALLED) {
            INSTALLED.remove(node, this);
        }
        watchdog.close();
        control.close();
        try {
            jfr.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
