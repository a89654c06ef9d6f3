package io.loomotp.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node in another JVM, started by a test with the test JVM's own java and class path ({@link NodeMain}), on
 * loopback. Waits (bounded) for it to say READY; {@link #kill()} is {@code kill -9}; {@link #close()} always ends it.
 */
final class NodeJvm implements AutoCloseable {
    static final String SECRET = "test-secret";
    /**
     * The failure-detection timeout of every test node: the default a user gets. At 1 s, a heartbeat missed while
     * the 2-core build machine was saturated made a live node suspected now and then, and its partition and merge
     * lost the message a test was waiting for; a test of detection itself kills the JVM (closed socket, at once) or
     * partitions it, and waits with bounds derived from this value.
     */
    static final long FAILURE_TIMEOUT_MS = 2000;

    final String name;
    final int port;
    private final java.lang.Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();

    /** How a node JVM that was not meant to start ended: its exit status and everything it printed. */
    record Exited(int status, String output) {}

    private NodeJvm(String name, int port, java.lang.Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts a node JVM that joins through {@code members} ({@code host:port,…}) and waits until it is up;
     * {@code extra} are {@link NodeMain}'s optional arguments.
     */
    static NodeJvm start(String name, int port, String members, String... extra) {
        return startLogging(name, port, members, System.getProperty("loomotp.test.clusterLog", "warn"), extra);
    }

    /**
     * As {@link #start}, with the node's cluster log at {@code clusterLog} ({@code info}: each node up and down;
     * {@code debug}: the handshake and frames dropped), for a test whose rare failure needs the node's side to explain.
     */
    static NodeJvm startLogging(String name, int port, String members, String clusterLog, String... extra) {
        NodeJvm jvm = launch(name, port, members, clusterLog, extra);
        try {
            if (!jvm.ready.get(30, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " ended before it was ready:\n" + jvm.output);
            }
        } catch (Exception e) {
            jvm.close();
            throw new AssertionError("node " + name + " was not ready within 30 s:\n" + jvm.output, e);
        }
        return jvm;
    }

    /** A node JVM started and left to run: {@link #ready} completes with true at READY, false if it ends first. */
    private static NodeJvm launch(String name, int port, String members, String clusterLog, String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Xmx128m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // -Dloomotp.test.clusterLog=debug shows the node's cluster log (the handshake, dropped frames), and
                // -Dloomotp.test.printNodeOutput=true prints a node's output when it is stopped
                "-Dorg.slf4j.simpleLogger.log.io.loomotp.cluster=" + clusterLog,
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", cp, NodeMain.class.getName(), name,
                Integer.toString(port), members, SECRET, Long.toString(FAILURE_TIMEOUT_MS)));
        cmd.addAll(List.of(extra));
        java.lang.Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeJvm jvm = new NodeJvm(name, port, p);
        CompletableFuture<Boolean> ready = jvm.ready;
        Thread.ofPlatform().daemon().name("out-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    jvm.output.append(line).append('\n');
                    if (line.startsWith("READY")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.complete(false);
        });
        return jvm;
    }

    /**
     * Starts a node JVM that is expected to end by itself before it is ready (a node that must not start), and waits
     * for its end.
     *
     * @throws AssertionError if it became ready, or did not end within {@code bound}
     */
    static Exited runToExit(String name, int port, String members, java.time.Duration bound, String... extra) {
        NodeJvm jvm = launch(name, port, members, System.getProperty("loomotp.test.clusterLog", "warn"), extra);
        try {
            if (!jvm.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node " + name + " did not end within " + bound + ":\n" + jvm.output);
            }
            if (jvm.ready.get(10, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " became ready:\n" + jvm.output);
            }
            return new Exited(jvm.process.exitValue(), jvm.output.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            jvm.close();
        }
    }

    /** A free TCP port on loopback. */
    static int freePort() {
        // Below the kernel's ephemeral range (32768-60999 on Linux): a node restarted on its old port must find it
        // free, and a port of the ephemeral range can be taken by any client socket between the kill and the restart
        // (a full verify met "No available port to bind to" there once).
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port in 20000-32000 on loopback"));
    }

    /** {@code kill -9}: the JVM ends at once, without leaving the cluster. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code kill -STOP}: the JVM stops where it is, sockets open, as a hung machine; only heartbeats can find it.
     * {@link #kill()} and {@link #close()} still end it (SIGKILL works on a stopped process).
     */
    void hang() {
        signal("-STOP");
    }

    private void signal(String which) {
        try {
            java.lang.Process stop = new ProcessBuilder("kill", which, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                stop.destroyForcibly();
                throw new AssertionError("kill " + which + " " + process.pid() + " failed: "
                        + new String(stop.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (Boolean.getBoolean("loomotp.test.printNodeOutput")) {
            System.out.println("---- output of node " + name + " ----\n" + output + "---- end of node " + name);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
