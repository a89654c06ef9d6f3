package io.loomotp.sys;

import io.loomotp.runtime.Node;
import io.loomotp.sys.jfr.JfrEvents;
import io.loomotp.sys.jmx.NodeControl;
import java.time.Duration;

/**
 * Installs the operator tools on a node: its JMX bean (which the attach CLI uses), the watchdogs, and the JFR events.
 *
 * <pre>{@code
 * try (TracingSys tools = TracingSys.install(node)) { ... }
 * }</pre>
 */
public final class TracingSys implements AutoCloseable {
    private final NodeControl control;
    private final Watchdog watchdog;
    private final AutoCloseable jfr;

    private TracingSys(NodeControl control, Watchdog watchdog, AutoCloseable jfr) {
        this.control = control;
        this.watchdog = watchdog;
        this.jfr = jfr;
    }

    /** With the default thresholds: a handler on its carrier for 500 ms, a mailbox of 10,000 messages. */
    public static TracingSys install(Node node) {
        return install(node, Duration.ofMillis(500), 10_000);
    }

    public static TracingSys install(Node node, Duration longHandler, int largeMailbox) {
        NodeControl control = NodeControl.register(node);
        Watchdog watchdog = Watchdog.start(node, longHandler, largeMailbox);
        AutoCloseable jfr = JfrEvents.install(node);
        return new TracingSys(control, watchdog, jfr);
    }

    public NodeControl control() {
        return control;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        watchdog.close();
        control.close();
        try {
            jfr.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
