package io.loomotp.runtime.application;

import java.util.Objects;

/**
 * Why an application is being started: OTP's {@code StartType} argument of {@code Module:start/2}. It is
 * {@link #NORMAL} unless the application is distributed (the cluster module's distributed applications), where a node
 * that starts it because the node running it was lost is told {@link Failover} with that node's name, and a node of
 * higher precedence that moves it to itself is told {@link Takeover} with the node it takes it from.
 *
 * <p>OTP passes {@code {failover, Node}} only to applications that declare start phases, and {@code normal} to the
 * others; Loom OTP always passes it, and an application that does not care overrides {@link Application#start(Config)}
 * only (docs/distribution.md).
 */
public sealed interface StartType {

    /** A plain start: OTP's {@code normal}. */
    StartType NORMAL = new Normal();

    /** A plain start: OTP's {@code normal}. */
    record Normal() implements StartType {
        @Override
        public String toString() {
            return "normal";
        }
    }

    /**
     * The node the application ran on was lost, and this node starts it after the failover wait: OTP's
     * {@code {failover, Node}}.
     *
     * @param node the name of the lost node
     */
    record Failover(String node) implements StartType {
        public Failover {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String toString() {
            return "{failover, " + node + "}";
        }
    }

    /**
     * This node comes before the one running the application in its precedence list and moves it here: OTP's
     * {@code {takeover, Node}}. The instance on {@code node} still runs while this one starts, and is stopped once it
     * is up.
     *
     * @param node the name of the node the application is taken from
     */
    record Takeover(String node) implements StartType {
        public Takeover {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String toString() {
            return "{takeover, " + node + "}";
        }
    }
}
