/**
 * Loom OTP's operator tools: the {@code Sys} facade over the sys protocol, rate-limited tracing in the style of
 * {@code recon_trace}, recon-style introspection, watchdogs, a JMX bean per node, the attach CLI and JFR events.
 */
module io.loomotp.sys {
    requires transitive io.loomotp.runtime;
    requires transitive java.management;
    requires jdk.attach;
    requires jdk.management;
    requires jdk.jfr;
    requires org.slf4j;
    requires info.picocli;
    requires org.jline.reader;

    exports io.loomotp.sys;
    exports io.loomotp.sys.jmx;
    exports io.loomotp.sys.cli;

    opens io.loomotp.sys.cli to info.picocli;
    opens io.loomotp.sys.jfr to jdk.jfr;
}
