package io.loomotp.bench.savina;

import io.loomotp.Cast;
import io.loomotp.Server;
import io.loomotp.bench.savina.PlainWorkloads.Done;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;

/** A fork-join throughput actor as a {@code @Server}: Savina's small computation per message, a report at {@code n}. */
@Server
public final class FjServer {
    private final int id;
    private final int n;
    private final Pid report;
    private int count;
    private double sum;

    FjServer(int id, int n, Pid report) {
        this.id = id;
        this.n = n;
        this.report = report;
    }

    @Cast
    void work() {
        sum += PlainWorkloads.compute(37.2);
        if (++count == n) {
            if (sum <= 0) {
                throw new IllegalStateException("computation");
            }
            Process.send(report, new Done(id, count));
        }
    }
}
