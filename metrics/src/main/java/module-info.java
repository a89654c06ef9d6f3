/**
 * Loom OTP's metrics: a Micrometer binder for a node, threshold alarms raised and cleared from its measurements
 * through the node's alarm handler, and a load regulator in the spirit of Ulf Wiger's {@code jobs}.
 *
 * <p>Micrometer is an automatic module ({@code micrometer.core}); it is required transitively because the API hands
 * out its types ({@code MeterBinder}, {@code MeterRegistry}).
 */
@SuppressWarnings("requires-transitive-automatic")
module io.loomotp.metrics {
    requires transitive io.loomotp.runtime;
    requires transitive io.loomotp.sys;
    requires transitive micrometer.core;
    requires java.management;
    requires org.slf4j;

    exports io.loomotp.metrics;
    exports io.loomotp.metrics.regulation;
}
