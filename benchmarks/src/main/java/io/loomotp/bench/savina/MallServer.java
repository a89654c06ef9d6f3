package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * Savina's chameneos mall as a {@code @Server}: it pairs the creatures that ask to meet, {@code m} meetings in all,
 * then sends each one home and reports the sum of the meetings they count.
 */
@Server
public final class MallServer {
    private final int creatures;
    private final Pid report;
    private int left;
    private CreatureServerRef waiting;
    private int sum;
    private int home;

    MallServer(int creatures, int meetings, Pid report) {
        this.creatures = creatures;
        this.left = meetings;
        this.report = report;
    }

    @Cast
    void meet(int colour, CreatureServerRef from) {
        if (left == 0) {
            from.exit();
        } else if (waiting == null) {
            waiting = from;
        } else {
            left--;
            waiting.meetWith(colour, from);
            waiting = null;
        }
    }

    @Cast
    void counted(int meetings) {
        sum += meetings;
        if (++home == creatures) {
            Process.send(report, new Done(0, sum));
        }
    }
}
