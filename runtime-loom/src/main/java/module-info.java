/**
 * Loom OTP's runtime: processes on virtual threads, signals, registry, timers, the behaviour loops and the sys
 * protocol. Only the API packages are exported; {@code io.loomotp.runtime.internal} is not.
 */
module io.loomotp.runtime {
    requires transitive io.loomotp.annotations;
    requires org.slf4j;
    // Generated supervisors have an @Inject constructor (for Dagger): a user's module that declares one reads
    // jakarta.inject through this module, as it reads the annotations
    requires transitive jakarta.inject;

    exports io.loomotp.runtime;
    exports io.loomotp.runtime.server;
    exports io.loomotp.runtime.sys;
    exports io.loomotp.runtime.report;
    exports io.loomotp.runtime.statem;
    exports io.loomotp.runtime.supervisor;
    exports io.loomotp.runtime.event;
    exports io.loomotp.runtime.application;
    exports io.loomotp.runtime.proc;
    exports io.loomotp.runtime.ets;
    // The hook for distribution: not an API, so exported to the cluster module only (docs/adr/0009).
    exports io.loomotp.runtime.remote to io.loomotp.cluster;
    // The hook for synchronous behaviour tests: not an API, exported to the test kit only.
    exports io.loomotp.runtime.inline to io.loomotp.testkit;
}
