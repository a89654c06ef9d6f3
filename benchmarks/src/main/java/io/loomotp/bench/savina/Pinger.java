package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/**
 * Savina's ping actor as a {@code @Server}: it casts a ping to its {@link Ponger} and the next one when the pong comes
 * back, {@code n} times, then reports how many pongs it had. No one waits: as Savina's actors, and as Pekko's.
 */
@Server
public final class Pinger {
    private final Pid report;
    private final PongerRef pong;
    private PingerRef self;
    private int left;
    private int pongs;

    Pinger(Pid report, PongerRef pong, int n) {
        this.report = report;
        this.pong = pong;
        this.left = n;
    }

    @Cast
    void begin() {
        self = PingerRef.of(Process.self());
        left--;
        pong.ping(self);
    }

    @Cast
    void pong() {
        pongs++;
        if (left == 0) {
            Process.send(report, new Done(0, pongs));
        } else {
            left--;
            pong.ping(self);
        }
    }
}
