package io.loomotp.observer.internal;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last reports of failures the node made since the observer started: crash, error and supervisor reports, at
 * most {@value #KEEP}. The handler runs on the thread that made the report (often the dying process), so it only keeps
 * the report; it is formatted when the page asks.
 */
final class ReportLog implements AutoCloseable {
    static final int KEEP = 20;

    /** A report and when it came. */
    record Entry(long timeMillis, Report report) {}

    private final ArrayDeque<Entry> last = new ArrayDeque<>();
    private final AutoCloseable subscription;

    ReportLog(Node node) {
        this.subscription = node.onReport(this::keep);
    }

    private void keep(Report r) {
        if (!r.isError()) {
            return; // progress reports and the like: the page shows failures
        }
        synchronized (last) {
            last.addFirst(new Entry(System.currentTimeMillis(), r));
            while (last.size() > KEEP) {
                last.removeLast();
            }
        }
    }

    /** The reports kept, newest first. */
    List<Entry> entries() {
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
