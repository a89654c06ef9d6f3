/**
 * Loom OTP's test kit for users: a JUnit 5 extension that gives each test a fresh node and checks at teardown that the
 * test left no process alive and no crash report unexpected; probes that record what they receive and stand in for
 * servers; and virtual time.
 */
module io.loomotp.testkit {
    requires transitive io.loomotp.runtime;
    requires transitive org.junit.jupiter.api;

    exports io.loomotp.testkit;
}
