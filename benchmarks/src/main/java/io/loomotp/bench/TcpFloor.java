package io.loomotp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under W13 (remote-call p50 and p99) on this machine: two JVMs doing nothing but a request-response
 * ping-pong of 40-byte frames over one loopback TCP connection, with no framework, no serializer and no JGroups, in the
 * thread shapes a node can have. What a runtime cannot beat with a given shape, these numbers say.
 *
 * <ul>
 *   <li>{@code --threads 1}: one thread per side reads the socket and writes the answer (BEAM's shape: a scheduler
 *       polls the distribution socket and runs the process itself);
 *   <li>{@code --threads 2}: a reader thread per connection hands each frame to a handler thread, which writes the
 *       answer; on the client a caller thread waits for the reader to hand it the answer (the shape of every JVM
 *       runtime with a connection reader: Loom OTP's JGroups reader, Pekko Artery's inbound stream);
 *   <li>{@code --poll MICROS}: a reader that finds nothing to read asks the socket how many bytes wait, yielding its
 *       core between asks, for up to MICROS before it blocks (Loom OTP's polling reader, ADR 0025); 0 blocks at once;
 *   <li>{@code --spin MICROS}: with two threads, a handler or caller spins this long for its hand-off before parking;
 *   <li>{@code --virtual}: the handler and caller (not the reader) are virtual threads.
 * </ul>
 *
 * <p>Usage: {@code bin/bench --floor [--threads 1|2] [--poll MICROS] [--spin MICROS] [--virtual] [--rounds N]}.
 * It starts the server side as a second JVM on loopback, runs N rounds of 20,000 calls in this one (the first is the
 * warm-up), prints each round's percentiles as W13 takes them, and stops the server. Measured figures are in
 * docs/benchmarks.md ("2026-12-06 (stop 45)").
 */
public final class TcpFloor {
    private static final int FRAME = 40;
    private static final int CALLS = 20_000;

    /** The shape measured, from the command line; the server side gets the same options. */
    record Shape(int threads, long pollNanos, long spinNanos, boolean virtual) {
        static Shape parse(List<String> args) {
            int threads = 1;
            long poll = 0;
            long spin = 0;
            boolean virtual = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                    case "--poll" -> poll = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(value(args, ++i, a)));
                    case "--spin" -> spin = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(value(args, ++i, a)));
                    case "--virtual" -> virtual = true;
                    case "--rounds" -> i++;
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + "; options: --threads 1|2, --poll MICROS, --spin MICROS, --virtual, --rounds N");
                }
            }
            if (threads != 1 && threads != 2) {
                throw new IllegalArgumentException("--threads is 1 or 2, not " + threads);
            }
            return new Shape(threads, poll, spin, virtual);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        List<String> options() {
            List<String> o = new ArrayList<>(List.of("--threads", Integer.toString(threads),
                    "--poll", Long.toString(TimeUnit.NANOSECONDS.toMicros(pollNanos)),
                    "--spin", Long.toString(TimeUnit.NANOSECONDS.toMicros(spinNanos))));
            if (virtual) {
                o.add("--virtual");
            }
            return o;
        }

        @Override
        public String toString() {
            return threads + " thread" + (threads == 1 ? "" : "s") + " per side, poll "
                    + TimeUnit.NANOSECONDS.toMicros(pollNanos) + " us"
                    + (threads == 2 ? ", spin " + TimeUnit.NANOSECONDS.toMicros(spinNanos) + " us"
                            + (virtual ? ", virtual handler and caller" : ", platform handler and caller") : "");
        }
    }

    private TcpFloor() {}

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        if (!a.isEmpty() && a.get(0).equals("serve")) {
            serve(Integer.parseInt(a.get(1)), Shape.parse(a.subList(2, a.size())));
            return;
        }
        Shape shape;
        int rounds = 4;
        try {
            shape = Shape.parse(a);
            int r = a.indexOf("--rounds");
            if (r >= 0) {
                rounds = Integer.parseInt(Shape.value(a, r + 1, "--rounds"));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench --floor: " + e.getMessage());
            System.exit(2);
            return;
        }
        pair(shape, rounds, CALLS, System.out);
    }

    /**
     * Starts the server JVM, runs the rounds of {@code calls} calls against it, prints each round's line to
     * {@code out}, and stops the server (also if a round fails).
     */
    static void pair(Shape shape, int rounds, int calls, java.io.PrintStream out) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // a free port, handed to the server (a race with another process is unlikely)
        }
        List<String> serve = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), TcpFloor.class.getName(), "serve",
                Integer.toString(port)));
        serve.addAll(shape.options());
        java.lang.Process server = new ProcessBuilder(serve).inheritIO().start();
        try (Socket s = connect(port, server)) {
            out.println("floor: " + shape);
            for (int r = 0; r < rounds; r++) {
                long[] us = shape.threads == 1 ? roundOneThread(s, shape, calls) : roundTwoThreads(s, shape, calls);
                Arrays.sort(us);
                out.printf("floor round %d%s p50 %d p90 %d p99 %d p99.9 %d max %d us%n", r,
                        r == 0 ? " (warm-up)" : "", us[rank(calls, 500)], us[rank(calls, 900)], us[rank(calls, 990)],
                        us[rank(calls, 999)], us[calls - 1]);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The index of the {@code perMille}th per-mille of {@code n} sorted values, as W13 takes its percentiles. */
    static int rank(int n, int perMille) {
        return Math.max(0, (int) ((long) n * perMille / 1000) - 1);
    }

    /** Connects to the server JVM, waiting at most 10 s for it to listen. */
    private static Socket connect(int port, java.lang.Process server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                if (!server.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException("the floor's server JVM did not listen on port " + port, e);
                }
                server.waitFor(20, TimeUnit.MILLISECONDS); // bounded: the server's listen is the event waited on
            }
        }
    }

    private static long[] roundOneThread(Socket s, Shape shape, int calls) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] frame = new byte[FRAME];
        long[] us = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            out.write(frame);
            if (!readFrame(in, frame, shape.pollNanos)) {
                throw new IOException("the server answered " + i + " of " + calls + " calls, then stopped");
            }
            us[i] = (System.nanoTime() - t0) / 1000;
        }
        return us;
    }

    private static long[] roundTwoThreads(Socket s, Shape shape, int calls) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        Slot answers = new Slot();
        Thread reader = Thread.ofPlatform().daemon().name("floor-reader").start(() -> {
            byte[] frame = new byte[FRAME];
            try {
                for (int n = 0; n < calls; n++) {
                    answers.put(readFrame(in, frame, shape.pollNanos) ? frame.clone() : null);
                }
            } catch (IOException e) {
                answers.put(null);
            }
        });
        long[] us = new long[calls];
        int[] answered = new int[1];
        Thread caller = (shape.virtual ? Thread.ofVirtual() : Thread.ofPlatform()).name("floor-caller").start(() -> {
            byte[] frame = new byte[FRAME];
            try {
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    out.write(frame);
                    if (answers.take(shape.spinNanos) == null) {
                        return;
                    }
                    us[i] = (System.nanoTime() - t0) / 1000;
                    answered[0] = i + 1;
                }
            } catch (IOException e) {
                // the server is gone: the round ends short, which the check below reports
            }
        });
        caller.join();
        reader.join();
        if (answered[0] < calls) {
            throw new IOException("the server answered " + answered[0] + " of " + calls + " calls, then stopped");
        }
        return us;
    }

    private static void serve(int port, Shape shape) throws IOException {
        try (ServerSocket ss = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             Socket s = ss.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] frame = new byte[FRAME];
            if (shape.threads == 1) {
                for (;;) {
                    if (!readFrame(in, frame, shape.pollNanos)) {
                        return;
                    }
                    out.write(frame);
                }
            }
            Slot calls = new Slot();
            (shape.virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).start(() -> {
                try {
                    for (byte[] f; (f = calls.take(shape.spinNanos)) != null; ) {
                        out.write(f);
                    }
                } catch (IOException e) {
                    // the client is gone
                }
            });
            while (readFrame(in, frame, shape.pollNanos)) {
                calls.put(frame.clone());
            }
            calls.put(null);
        }
    }

    /** Reads one frame, polling first as the shape says; false at the end of the stream. */
    private static boolean readFrame(InputStream in, byte[] frame, long pollNanos) throws IOException {
        int got = 0;
        while (got < FRAME) {
            if (pollNanos > 0 && in.available() == 0) {
                long deadline = System.nanoTime() + pollNanos;
                do {
                    Thread.yield(); // a platform thread: sched_yield, as Loom OTP's polling reader
                } while (in.available() == 0 && System.nanoTime() - deadline < 0);
            }
            int n = in.read(frame, got, FRAME - got);
            if (n < 0) {
                return false;
            }
            got += n;
        }
        return true;
    }

    /** A one-place hand-off from a reader to a handler or caller: spin a while, then park. Null is the end. */
    private static final class Slot {
        private static final byte[] END = new byte[0];
        private volatile byte[] value;
        private volatile Thread waiter;

        void put(byte[] v) {
            value = v == null ? END : v;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        byte[] take(long spinNanos) {
            byte[] v = value;
            if (v == null && spinNanos > 0) {
                long deadline = System.nanoTime() + spinNanos;
                while ((v = value) == null && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
            }
            if (v == null) {
                waiter = Thread.currentThread();
                while ((v = value) == null) {
                    LockSupport.park(this);
                }
                waiter = null;
            }
            value = null;
            return v == END ? null : v;
        }
    }
}
