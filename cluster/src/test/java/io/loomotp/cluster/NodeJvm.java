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
    static final long FAILURE_TIMEOUT_MS = 1000;

    final String name;
    final int port;
    private final java.lang.Process process;
    private final StringBuffer output = new StringBuffer();

    private NodeJvm(String name, int port, java.lang.Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts a node JVM that joins through {@code members} ({@code host:port,…}) and waits until it is up. */
    static NodeJvm start(String name, int port, String members) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Xmx128m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp, NodeMain.class.getName(), name,
                Integer.toString(port), members, SECRET, Long.toString(FAILURE_TIMEOUT_MS)));
        java.lang.Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeJvm jvm = new NodeJvm(name, port, p);
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
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
        try {
            if (!ready.get(30, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + name + " ended before it was ready:\n" + jvm.output);
            }
        } catch (Exception e) {
            jvm.close();
            throw new AssertionError("node " + name + " was not ready within 30 s:\n" + jvm.output, e);
        }
        return jvm;
    }

    /** A free TCP port on loopback. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
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
