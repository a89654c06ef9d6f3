package io.loomotp.cluster.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import org.jgroups.util.DefaultSocketFactory;

/**
 * The sockets of a node's TCP connections, whose input polls a short while for the next bytes before it blocks in the
 * kernel: a connection's reader (a platform thread, ADR 0017) that has just handed a frame up and finds nothing more to
 * read asks the socket how many bytes wait ({@code FIONREAD}) and yields its core between asks, for up to
 * {@link #POLL_NANOS}, and only then blocks in the read. See docs/adr/0025-polling-reader.md.
 *
 * <p>Why. A remote call's answer, or the next call of a caller that has just had its answer, comes tens of
 * microseconds after the last frame. A reader blocked in the kernel pays a wake-up for it (the poll returns, the
 * thread is scheduled again); a reader that polls finds it at once. That is what Erlang's schedulers do too: they
 * spin a while before they sleep. Polling yields the core at every turn ({@code Thread.yield()} on a platform thread
 * is {@code sched_yield}), so a thread that has work on that core (the process the frame woke, on 2 cores) runs
 * first.
 *
 * <p>When it does not pay. A reader whose polls miss {@link #MISSES} times in a row (traffic sparser than the poll:
 * heartbeats, an idle link) stops polling and blocks at once, but for one poll in {@link #PROBE} reads, which
 * starts polling again when it hits. So a quiet connection costs no CPU, as ADR 0003's spin of a waiting process.
 *
 * <p>Threading: one reader per connection reads its socket; the state of the poll is that thread's alone. Closing
 * the socket from another thread makes the next ask throw, as the read would.
 */
final class PollingSockets {
    /** How long a reader polls for the next bytes before it blocks; 0 never polls. */
    static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("loomotp.cluster.readPollMicros", 50));
    /** Misses in a row after which a reader blocks at once but for a probe. */
    static final int MISSES = 8;
    /** One read in this many probes with a poll while polling has stopped paying (a power of two). */
    static final int PROBE = 32;

    private PollingSockets() {}

    /** JGroups' socket factory for a node's transport: its client and server sockets poll as above. */
    static org.jgroups.util.SocketFactory factory() {
        return new DefaultSocketFactory(new Clients(), new Servers());
    }

    /** The input of one connection, as above. */
    static final class PollingInput extends FilterInputStream {
        private final long pollNanos;
        private int misses;
        private int reads;

        PollingInput(InputStream in, long pollNanos) {
            super(in);
            if (pollNanos <= 0) {
                throw new IllegalArgumentException("a poll lasts more than 0 ns, not " + pollNanos);
            }
            this.pollNanos = pollNanos;
        }

        @Override
        public int read() throws IOException {
            awaitBytes();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            awaitBytes();
            return in.read(b, off, len);
        }

        /**
         * Polls for bytes to read, unless polling has stopped paying (then one read in PROBE polls; the others go
         * straight to the blocking read, without even an ask) or some bytes wait already.
         */
        private void awaitBytes() throws IOException {
            if (misses >= MISSES && (++reads & (PROBE - 1)) != 0) {
                return;
            }
            if (in.available() > 0) {
                return;
            }
            long deadline = System.nanoTime() + pollNanos;
            do {
                Thread.yield();
                if (in.available() > 0) {
                    misses = 0;
                    return;
                }
            } while (System.nanoTime() - deadline < 0);
            if (misses < MISSES) {
                misses++;
            }
        }

        /** Whether polling has stopped paying on this connection (for tests). */
        boolean probing() {
            return misses >= MISSES;
        }
    }

    /** A socket whose input is a {@link PollingInput}. */
    static final class PollingSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new PollingInput(super.getInputStream(), POLL_NANOS);
            }
            return input;
        }
    }

    /** A server socket whose accepted sockets are {@link PollingSocket}s. */
    static final class PollingServerSocket extends ServerSocket {
        PollingServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket s = new PollingSocket();
            implAccept(s);
            return s;
        }
    }

    private static final class Servers extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new PollingServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return createServerSocket(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket s = new PollingServerSocket();
            try {
                s.bind(new InetSocketAddress(address, port), backlog);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        }
    }

    private static final class Clients extends SocketFactory {
        @Override
        public Socket createSocket() {
            return new PollingSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(null, new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
        }

        private static Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
            Socket s = new PollingSocket();
            try {
                if (local != null) {
                    s.bind(local);
                }
                s.connect(remote);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        }
    }
}
