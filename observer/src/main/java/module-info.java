/**
 * Loom OTP's observer: a live web page for one node, served by the JDK's HTTP server, with live data over
 * Server-Sent Events and its assets from WebJars on the class path. Only {@code io.loomotp.observer} is exported.
 */
module io.loomotp.observer {
    requires transitive io.loomotp.sys;
    requires jdk.httpserver;
    requires jdk.management;
    requires org.slf4j;

    exports io.loomotp.observer;
}
