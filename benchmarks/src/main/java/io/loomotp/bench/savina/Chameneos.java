package io.loomotp.bench.savina;

import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * Savina's chameneos: {@code c} creatures ask one mall process to meet; the mall pairs them, {@code m} meetings in all;
 * each pair swaps colours and asks again; once the meetings are spent the mall sends each creature home and sums the
 * meetings they report, which must come to {@code 2m}. The mall is the one busy process every other one waits for.
 */
final class Chameneos {
    private Chameneos() {}

    record Meet(int colour, Pid from) {}

    record Change(int colour) {}

    record Count(int meetings) {}

    static final Object EXIT = "chameneos-exit";

    static void run(int c, int m) {
        Pid report = Process.self();
        Pid mall = Process.spawn(() -> mall(c, m, report));
        for (int i = 0; i < c; i++) {
            int colour = i % 3;
            Process.spawn(() -> creature(colour, mall));
        }
        Savina.check("meetings", 2L * m, ((Done) Process.receive()).count());
    }

    private static void mall(int c, int m, Pid report) {
        Meet waiting = null;
        int left = m;
        int sum = 0;
        int home = 0;
        for (;;) {
            Object msg = Process.receive();
            if (msg instanceof Meet meet) {
                if (left == 0) {
                    Process.send(meet.from(), EXIT);
                } else if (waiting == null) {
                    waiting = meet;
                } else {
                    left--;
                    Process.send(waiting.from(), meet);
                    waiting = null;
                }
            } else if (msg instanceof Count count) {
                sum += count.meetings();
                if (++home == c) {
                    Process.send(report, new Done(0, sum));
                    return;
                }
            }
        }
    }

    private static void creature(int initial, Pid mall) {
        Pid self = Process.self();
        int colour = initial;
        int meetings = 0;
        Process.send(mall, new Meet(colour, self));
        for (;;) {
            Object msg = Process.receive();
            if (msg instanceof Meet other) {
                colour = complement(colour, other.colour());
                meetings++;
                Process.send(other.from(), new Change(colour));
                Process.send(mall, new Meet(colour, self));
            } else if (msg instanceof Change change) {
                colour = change.colour();
                meetings++;
                Process.send(mall, new Meet(colour, self));
            } else if (msg == EXIT) {
                Process.send(mall, new Count(meetings));
                return;
            }
        }
    }

    /** The colour two creatures of colours {@code a} and {@code b} both take: the same, or the third. */
    static int complement(int a, int b) {
        return a == b ? a : 3 - a - b;
    }
}
