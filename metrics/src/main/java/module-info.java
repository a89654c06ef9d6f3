/**
 * Loom OTP's metrics: a Micrometer binder for a node, threshold alarms raised and cleared from its measurements
 * through the node's alarm handler, and a load regulator in the spirit of Ulf Wiger's {@code jobs}.
 */
module io.loomotp.metrics {
    requires transitive io.loomotp.runtime;
    requires transitive io.loomotp.sys;
    requires transitive micrometer.core;
    requires java.management;
    requires org.slf4j;

    exports io.loomotp.metrics;
    exports io.loomotp.metrics.regulation;
}
