package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * A connection's polling input (docs/adr/0025-polling-reader.md): over a scripted stream, when it polls, when it stops
 * and starts again; over real loopback sockets from the factory the transport is given, that bytes arrive whole and a
 * socket closed under a waiting reader ends the read with an exception.
 */
class PollingSocketsTest {
    /** A stream whose {@code available()} answers come from a script, and whose reads return one byte at once. */
    private static class Scripted extends InputStream {
        final IntSupplier available;
        int asks;

        Scripted(IntSupplier available) {
            this.available = available;
        }

        @Override
        public int available() {
            asks++;
            return available.getAsInt();
        }

        @Override
        public int read() {
            return 7;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            b[off] = 7;
            return 1;
        }
    }

    @Test
    void bytesThatWaitAlreadyAreReadWithoutPolling() throws IOException {
        Scripted s = new Scripted(() -> 1);
        var in = new PollingSockets.PollingInput(s, TimeUnit.MILLISECONDS.toNanos(10));
        for (int i = 0; i < 100; i++) {
            assertThat(in.read()).isEqualTo(7);
        }
        assertThat(s.asks).isEqualTo(100);
        assertThat(in.probing()).isFalse();
    }

    @Test
    void bytesThatComeDuringThePollAreAHit() throws IOException {
        int[] n = {0};
        // each read: the first ask finds nothing, the third finds bytes
        Scripted s = new Scripted(() -> (n[0]++ % 3 == 2) ? 1 : 0);
        var in = new PollingSockets.PollingInput(s, TimeUnit.SECONDS.toNanos(10));
        byte[] b = new byte[4];
        for (int i = 0; i < 50; i++) {
            assertThat(in.read(b, 0, 4)).isEqualTo(1);
        }
        assertThat(s.asks).isEqualTo(150);
        assertThat(in.probing()).isFalse();
    }

    @Test
    void aConnectionWhosePollsMissStopsPollingButForAProbeAndAHitStartsItAgain() throws IOException {
        boolean[] bytesOnSecondAsk = {false};
        int[] asksThisRead = {0};
        Scripted s = new Scripted(() -> bytesOnSecondAsk[0] && ++asksThisRead[0] >= 2 ? 1 : 0) {
            @Override
            public int read() {
                asksThisRead[0] = 0;
                return super.read();
            }
        };
        var in = new PollingSockets.PollingInput(s, TimeUnit.MICROSECONDS.toNanos(20));
        for (int i = 0; i < PollingSockets.MISSES; i++) {
            assertThat(in.probing()).isFalse();
            in.read();
        }
        assertThat(in.probing()).as("after %d misses in a row", PollingSockets.MISSES).isTrue();

        // while polling does not pay, a read goes straight to the blocking read, without asking; but for one in PROBE
        int before = s.asks;
        for (int i = 0; i < PollingSockets.PROBE - 1; i++) {
            in.read();
        }
        assertThat(s.asks - before).isZero();
        assertThat(in.probing()).isTrue();

        // the probe: its poll's first ask finds bytes, and polling starts again
        bytesOnSecondAsk[0] = true;
        asksThisRead[0] = 0;
        before = s.asks;
        in.read();
        assertThat(s.asks - before).as("the read's own ask, then the poll's").isEqualTo(2);
        assertThat(in.probing()).as("a probe that hit").isFalse();
    }

    @Test
    void loopbackSocketsFromTheFactoryCarryBytesWhole() throws Exception {
        var factory = PollingSockets.factory();
        try (ServerSocket server = factory.createServerSocket("test", 0, 50, InetAddress.getLoopbackAddress());
                Socket client = factory.createSocket("test", InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            assertThat(accepted).isInstanceOf(PollingSockets.PollingSocket.class);
            assertThat(client).isInstanceOf(PollingSockets.PollingSocket.class);
            byte[] sent = new byte[100_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 31);
            }
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return accepted.getInputStream().readNBytes(sent.length);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            OutputStream out = client.getOutputStream();
            for (int off = 0; off < sent.length; off += 1000) {
                out.write(sent, off, 1000);
            }
            out.flush();
            assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(sent);
        }
    }

    @Test
    void aSocketClosedUnderAWaitingReaderEndsTheRead() throws Exception {
        var factory = PollingSockets.factory();
        try (ServerSocket server = factory.createServerSocket("test", 0, 50, InetAddress.getLoopbackAddress());
                Socket client = factory.createSocket("test", InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            Socket accepted = server.accept();
            assertThat(accepted.getPort()).isEqualTo(client.getLocalPort());
            InputStream in = accepted.getInputStream();
            CompletableFuture<Integer> read = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    read.complete(in.read(new byte[16], 0, 16));
                } catch (IOException e) {
                    read.completeExceptionally(e);
                }
            });
            accepted.close();
            try {
                Integer n = read.get(10, TimeUnit.SECONDS);
                assertThat(n).as("a read that ended without an exception saw the end of the stream").isEqualTo(-1);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();
        }
    }
}
