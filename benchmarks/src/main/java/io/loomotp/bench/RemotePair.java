package io.loomotp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loom OTP's side of the remote workloads as one command, as the anchors' {@code run-remote.sh} are: starts the server
 * node's JVM ({@link RemoteBench} {@code serve}), waits until it listens, runs the client node's JVM with its output on
 * this one's, and always stops the server again, also when this JVM is ended (a shutdown hook).
 *
 * <p>Usage: {@code RemotePair [workload ...]}. The system property {@code bench.nodeOpts} adds JVM options to both
 * nodes, split at spaces (for example a flight recording: {@code -XX:StartFlightRecording=filename=%node.jfr}, where {@code %node} becomes
 * {@code server} or {@code client}).
 */
public final class RemotePair {
    private RemotePair() {}

    public static void main(String[] args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        int serverPort = freePort();
        int clientPort = freePort();
        List<String> opts = List.of(System.getProperty("bench.nodeOpts", "").trim().split("\\s+"));
        opts = opts.equals(List.of("")) ? List.of() : opts;
        List<java.lang.Process> started = new ArrayList<>();
        Thread stopAll = new Thread(() -> started.forEach(RemotePair::stop));
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            List<String> serve = new ArrayList<>(List.of(java, "-Xmx8g"));
            serve.addAll(opts.stream().map(o -> o.replace("%node", "server")).toList());
            serve.addAll(List.of("-cp", cp, RemoteBench.class.getName(), "serve", Integer.toString(serverPort),
                    Integer.toString(clientPort)));
            java.lang.Process server = new ProcessBuilder(serve).redirectErrorStream(true).start();
            started.add(server);
            awaitListening(server);
            List<String> client = new ArrayList<>(List.of(java, "-Xmx8g"));
            client.addAll(opts.stream().map(o -> o.replace("%node", "client")).toList());
            client.addAll(List.of("-cp", cp, RemoteBench.class.getName(), "client", Integer.toString(clientPort),
                    Integer.toString(serverPort)));
            client.addAll(List.of(args));
            java.lang.Process c = new ProcessBuilder(client).inheritIO().start();
            started.add(c);
            int exit = c.waitFor();
            if (exit != 0) {
                System.err.println("remote bench: the client node ended with " + exit);
                System.exit(exit);
            }
        } finally {
            started.forEach(RemotePair::stop);
            Runtime.getRuntime().removeShutdownHook(stopAll);
        }
    }

    /** Waits (60 s at most) for the server's {@code listening} line; its other output goes to this one's stderr. */
    private static void awaitListening(java.lang.Process server) throws Exception {
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("listening ")) {
                        listening.complete(true);
                    } else {
                        System.err.println("server: " + line);
                    }
                }
            } catch (IOException ignored) {
                // the server ended
            }
            listening.complete(false);
        });
        if (!listening.get(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server node ended before it listened (exit " + server.waitFor() + ")");
        }
    }

    private static void stop(java.lang.Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
