package io.loomotp.telecom;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Entry point of {@code bin/bsc}. Until the base-station controller lands (the sample-telecom issue), it runs the
 * frequency server of the book's chapter 4 over the runtime's low-level API: allocate and release every frequency
 * from a client process, then report what it did.
 */
public final class Main {
    private Main() {}

    /** The book's frequency server, hand-written against {@code ServerCallbacks}. */
    static final class Frequency implements ServerCallbacks<Deque<Integer>> {
        @Override
        public Object handleCall(Deque<Integer> free, Object request, io.loomotp.runtime.From from) {
            return "allocate".equals(request) ? free.poll() : null;
        }

        @Override
        public void handleCast(Deque<Integer> free, Object message) {
            free.add((Integer) message);
        }
    }

    public static void main(String[] args) throws Exception {
        try (Node node = Node.create("bsc")) {
            Pid frequency = GenServer.start(node, new Frequency(),
                    () -> new ArrayDeque<>(java.util.List.of(10, 11, 12, 13, 14, 15)));
            java.util.concurrent.CompletableFuture<String> report = new java.util.concurrent.CompletableFuture<>();
            node.spawn(() -> {
                StringBuilder b = new StringBuilder();
                for (Object f; (f = GenServer.call(frequency, "allocate")) != null; ) {
                    b.append("allocated ").append(f).append(" to ").append(Process.self()).append('\n');
                }
                b.append("no frequency left");
                report.complete(b.toString());
            });
            System.out.println(report.get());
            System.out.println("(the full base-station controller arrives with the sample-telecom issue)");
        }
    }
}
