package io.loomotp.runtime.sched;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Servers whose handlers are blocked in {@code accept()} on loopback sockets nobody connects to: a block the runtime
 * cannot see, shared by {@link SchedulingTest} and {@link WorkersTest}. Closing it closes the sockets, which ends the
 * blocks.
 */
final class AcceptBlockedServers implements AutoCloseable {
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<CompletableFuture<String>> outcomes = new ArrayList<>();

    private AcceptBlockedServers() {}

    /** Starts {@code n} such servers and returns once every handler has entered {@code accept()}. */
    static AcceptBlockedServers start(Node node, int n) throws Exception {
        AcceptBlockedServers blocked = new AcceptBlockedServers();
        CountDownLatch entered = new CountDownLatch(n);
        for (int c = 0; c < n; c++) {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            blocked.sockets.add(socket);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            blocked.outcomes.add(outcome);
            Pid server = GenServer.start(node, new ServerCallbacks<Object>() {
                @Override
                public void handleCast(Object state, Object message) {
                    entered.countDown();
                    try {
                        socket.accept().close();
                        outcome.complete("accepted");
                    } catch (IOException e) {
                        outcome.complete("closed");
                    }
                }
            }, Object::new);
            GenServer.cast(server, "block");
        }
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("every handler entered accept()").isTrue();
        return blocked;
    }

    /** Checks that every handler is still blocked. */
    void assertStillBlocked() {
        for (CompletableFuture<String> outcome : outcomes) {
            assertThat(outcome).as("a blocked handler").isNotDone();
        }
    }

    /** Closes the sockets, then checks that each handler saw its socket closed (and nothing else ended its block). */
    @Override
    public void close() throws IOException, ExecutionException, TimeoutException {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
        for (CompletableFuture<String> outcome : outcomes) {
            try {
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("closed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a blocked handler to end", e);
            }
        }
    }
}
