package io.loomotp.testkit.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node in another JVM, started by {@link TestCluster#startNode} and running a main that calls
 * {@link TestNodeMain#run}: OTP's {@code peer} node of common_test. The test drives it over the JVM's standard input
 * and output, which keep working when the node is cut off the network: {@link #isolate}, {@link #heal} and
 * {@link #command} wait (bounded) for the node's answer.
 *
 * <p>It owns the JVM: {@link #kill} ends it at once ({@code kill -9}: no goodbye to the cluster), {@link #close}
 * asks it to leave and end, and ends it by force if it does not within 10 s. Thread-safe.
 */
public final class TestNode implements AutoCloseable {
    /** How long a node is given to start, answer a request, or end: 30 s, or {@code loomotp.testkit.nodeTimeout}. */
    public static final Duration TIMEOUT = Duration.parse(System.getProperty("loomotp.testkit.nodeTimeout", "PT30S"));

    private final String name;
    private final int port;
    private final java.lang.Process process;
    private final OutputStream control;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    TestNode(String name, int port, java.lang.Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.control = process.getOutputStream();
        Thread.ofPlatform().daemon().name("testnode-" + name).start(this::readOutput);
    }

    /** Its node name. */
    public String name() {
        return name;
    }

    /** The port its cluster listens on, on loopback. */
    public int port() {
        return port;
    }

    /** True while its JVM runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the JVM printed so far (its standard output and error). */
    public String output() {
        return output.toString();
    }

    /**
     * Waits until the node has started and said so; returns null then, or what went wrong: its JVM ended first (with
     * its exit status), or the bound passed.
     */
    String awaitReady(Duration bound) {
        try {
            if (ready.get(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            boolean ended = process.waitFor(10, TimeUnit.SECONDS);
            return "node " + name + " ended before it was ready" + (ended ? " (exit status " + process.exitValue()
                    + ")" : "");
        } catch (TimeoutException e) {
            return "node " + name + " was not ready within " + bound;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for node " + name;
        } catch (ExecutionException e) {
            return "node " + name + " could not be read: " + e.getCause();
        }
    }

    /**
     * Cuts the node off every other node, on its side: it sees them all go down, and they see it go down, after the
     * failure timeout. Returns once the node has done it. What the node had sent but not yet put on the wire is lost,
     * as on a real netsplit.
     */
    public void isolate() {
        request("isolate");
    }

    /**
     * Cuts the node off the nodes named, on its side: it drops what they send it until {@link #heal}. With the same
     * cut on their side, the two sides see each other down after the failure timeout ({@link TestCluster#split} does
     * both sides at once).
     *
     * @throws AssertionError if the node does not see one of them up, or names itself
     */
    public void cutOff(Collection<String> nodes) {
        request("cut " + list(nodes));
    }

    /** Lets the node's traffic through again; the views merge some seconds later ({@link TestCluster#awaitNodeUp}). */
    public void heal() {
        request("heal");
    }

    /** Waits until this node sees exactly {@code names} as the other nodes, in any order (each side has its view). */
    public void awaitNodes(Collection<String> names) {
        request("awaitnodes " + list(names));
    }

    private static String list(Collection<String> names) {
        for (String n : names) {
            if (n.isBlank() || n.contains(",") || n.contains(" ") || n.contains("\n")) {
                throw new IllegalArgumentException("not a node name: '" + n + "'");
            }
        }
        return String.join(",", names);
    }

    /** Waits until this node sees {@code peer} up, as it sees it (each side of a cluster has its own view). */
    public void awaitNodeUp(String peer) {
        request("awaitup " + peer);
    }

    /** Waits until this node sees {@code peer} down: after a partition, both sides must, before each goes on alone. */
    public void awaitNodeDown(String peer) {
        request("awaitdown " + peer);
    }

    /**
     * Runs a command the node's main registered ({@link TestNodeMain.Commands#on}) with {@code argument}, and returns
     * what it answered. Reaches a node that is cut off the network, too.
     *
     * @throws AssertionError if the node has no such command, the command failed, or no answer came in time
     */
    public String command(String command, String argument) {
        if (command.isBlank() || command.contains(" ") || command.contains("\n") || argument.contains("\n")) {
            throw new IllegalArgumentException("a command is one word and its argument one line: '" + command
                    + "', '" + argument + "'");
        }
        return request("command " + command + " " + argument);
    }

    private String request(String line) {
        int id = requests.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(id, answer);
        try {
            synchronized (control) {
                control.write((id + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
                control.flush();
            }
            // a little longer than the node's own bounded waits, so that their failure, which says more, comes first
            return answer.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new AssertionError("node " + name + " is not running (" + e.getMessage() + "); its output:\n"
                    + output, e);
        } catch (TimeoutException e) {
            throw new AssertionError("node " + name + " did not answer '" + line + "' within " + TIMEOUT
                    + "; its output:\n" + output, e);
        } catch (ExecutionException e) {
            throw new AssertionError("node " + name + " failed '" + line + "': " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for node " + name, e);
        } finally {
            answers.remove(id);
        }
    }

    /** {@code kill -9}: the JVM ends at once, without leaving the cluster. Returns once it has ended. */
    public void kill() {
        process.destroyForcibly();
        awaitEnd();
    }

    /** Asks the node to leave the cluster and end, and waits for it; ends it by force if it does not in 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            control.close(); // the node's main leaves and exits when its standard input closes
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // already gone: ended below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    private void awaitEnd() {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node " + name + "'s JVM did not end within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the JVM's output: READY, the answers to requests, and everything else kept for failure messages. */
    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith(TestNodeMain.READY)) {
                    ready.complete(true);
                } else if (line.startsWith(TestNodeMain.DONE) || line.startsWith(TestNodeMain.FAILED)) {
                    answer(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        } catch (RuntimeException e) {
            output.append("[the kit could not read this node's output: ").append(e).append("]\n");
        }
        ready.complete(false);
        answers.values().forEach(a -> a.completeExceptionally(new IllegalStateException("the node's JVM ended")));
    }

    private void answer(String line) {
        String[] parts = line.split(" ", 3); // DONE <id> <text> or FAILED <id> <message>
        if (parts.length < 2) {
            return;
        }
        CompletableFuture<String> a = answers.get(Integer.parseInt(parts[1]));
        if (a == null) {
            return;
        }
        String text = parts.length > 2 ? parts[2] : "";
        if (line.startsWith(TestNodeMain.DONE)) {
            a.complete(text);
        } else {
            a.completeExceptionally(new IllegalStateException(text));
        }
    }

    @Override
    public String toString() {
        return "TestNode[" + name + ", port " + port + (process.isAlive() ? "" : ", ended") + "]";
    }

    static UncheckedIOException launchFailed(String name, IOException e) {
        return new UncheckedIOException("cannot start the JVM of node " + name + ": " + e.getMessage(), e);
    }
}
