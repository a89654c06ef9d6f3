package io.loomotp.telecom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code bin/bsc --node} in a JVM of its own, started by a test with its own java and class path on loopback (as the
 * cluster module's {@code NodeJvm} does): {@link #kill()} is {@code kill -9}, {@link #close()} always ends it, and
 * {@link #awaitLine} waits, bounded, for a line of its output; {@link #send} types a command on its input (whose end,
 * when the test's JVM ends, ends the node too).
 */
final class BscNodeJvm implements AutoCloseable {
    final String name;
    private final java.lang.Process process;
    private final List<String> lines = new ArrayList<>();

    private BscNodeJvm(String name, java.lang.Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code bsc} with these flags (after {@code --node name}), its overload log in {@code dir}; no wait. */
    static BscNodeJvm start(String name, Path dir, String... flags) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Xmx128m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dbsc.overload_log=" + dir.resolve(name + "-overload.log"), "-cp", cp, Main.class.getName(), "--node", name));
        cmd.addAll(List.of(flags));
        try {
            BscNodeJvm jvm = new BscNodeJvm(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
            Thread.ofPlatform().daemon().name("out-" + name).start(jvm::read);
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ended) {
            // the process ended
        }
    }

    /** Waits up to {@code bound} for a line that contains {@code text}. */
    void awaitLine(String text, Duration bound) throws InterruptedException {
        awaitLine(text, 0, bound);
    }

    /** Waits up to {@code bound} for a line with {@code text}, from the {@code from}th printed on ({@link #mark()}). */
    String awaitLine(String text, int from, Duration bound) throws InterruptedException {
        return await(l -> l.contains(text), from, bound, "'" + text + "'");
    }

    /** Waits up to {@code bound} for a line, from the {@code from}th printed on, that {@code test} accepts. */
    String await(Predicate<String> test, int from, Duration bound, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lines) {
            for (;;) {
                for (int i = from; i < lines.size(); i++) {
                    if (test.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("node " + name + " did not print " + what + " within " + bound
                            + ":\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** How many lines it has printed so far: a mark for {@link #awaitLine(String, int, Duration)}. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Types a line on its standard input (a cluster-mode command, such as {@code phones stop}). */
    void send(String command) {
        try {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** {@code n} consecutive free TCP ports on loopback (node i of the distribution listens on base + i). */
    static int freePorts(int n) {
        for (int tries = 0; tries < 50; tries++) {
            int base = freePort();
            if (free(base + 1, n - 1)) {
                return base;
            }
        }
        throw new AssertionError("no " + n + " consecutive free ports on loopback");
    }

    private static boolean free(int from, int n) {
        if (n == 0) {
            return true;
        }
        try (ServerSocket _ = new ServerSocket(from, 1, InetAddress.getLoopbackAddress())) {
            return free(from + 1, n - 1);
        } catch (IOException taken) {
            return false;
        }
    }

    static int freePort() {
        // Below the kernel's ephemeral range (32768-60999 on Linux): a node restarted on its old port must find it
        // free, and a port of the ephemeral range can be taken by any client socket between the kill and the restart
        // (a full verify met "No available port to bind to" there once).
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port in 20000-32000 on loopback"));
    }

    /** {@code kill -9}: the JVM ends at once, without leaving the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Ends the JVM if it still runs. Interrupted while it waits for the end, it keeps the interrupt flag set and
     * returns (the JVM has been sent {@code kill -9} already): a resource's close need not throw InterruptedException.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
