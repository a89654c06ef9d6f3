package io.loomotp.observer.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * The page's Server-Sent Event streams: live figures (and the supervision trees) once per sample, of this node or of
 * the node the page selected, and trace lines as they come, in batches at most ten times a second. At most {@value #MAX_STREAMS} streams are open at once (503
 * beyond), so that open pages cost the node a bounded amount whatever they do: the figures come from the one
 * {@link Sampler} walk, and each stream only reads it.
 */
final class EventStreams implements AutoCloseable {
    static final int MAX_STREAMS = 16;
    /** At most this many trace lines per batch; the rest wait for the next. */
    static final int MAX_LINES_PER_BATCH = 200;
    private static final long BATCH_NANOS = 100_000_000L;

    private final Sampler sampler;
    private final TraceHub traces;
    private final Views views;
    private final NodeLink link;
    private final Semaphore permits;
    private volatile boolean open = true;

    EventStreams(Sampler sampler, TraceHub traces, Views views, NodeLink link, Semaphore permits) {
        this.sampler = sampler;
        this.link = link;
        this.traces = traces;
        this.views = views;
        this.permits = permits;
    }

    /**
     * Live data: {@code node} (the latest sample) and, if asked, {@code apps} (the trees), once per sample, of this
     * node or, with {@code other}, of another node of the cluster: that node's answers, asked at this node's sample
     * rate and shared by every stream of that node ({@link NodeLink#askShared}), so the push budget holds for both.
     * Another node's failure is one event: {@code lost} (502: it cannot be reached; the stream ends) or
     * {@code failed} (504: it did not answer in time; the stream goes on).
     */
    void live(HttpExchange ex, String topics, String other) throws IOException {
        Set<String> t = new java.util.HashSet<>(List.of(topics.split(",")));
        if (!Set.of("node", "apps").containsAll(t)) {
            // a stream of topics nobody sends would stay open and silent: a mistake, said at once
            t.removeAll(Set.of("node", "apps"));
            Http.text(ex, 400, "no such topic " + Answer.clip(String.join(", ", t)) + ": the topics are node and "
                    + "apps\n");
            return;
        }
        if (!permits.tryAcquire()) {
            Http.text(ex, 503, MAX_STREAMS + " live streams are open already: close a page\n");
            return;
        }
        try (OutputStream out = start(ex)) {
            long seen = -1;
            while (open) {
                seen = sampler.awaitAfter(seen, Duration.ofSeconds(15));
                if (other != null) {
                    if (!otherNode(out, t, other)) {
                        return;
                    }
                    continue;
                }
                if (t.contains("node")) {
                    Map<String, Object> m = new LinkedHashMap<>(views.node(false));
                    send(out, "node", Json.write(m));
                }
                if (t.contains("apps")) {
                    send(out, "apps", Json.write(views.applications()));
                }
            }
        } catch (IOException | InterruptedException closed) {
            // the page went away, or the observer stops
        } finally {
            permits.release();
        }
    }

    /** One sample's events of another node; false once it is lost (the stream ends). */
    private boolean otherNode(OutputStream out, Set<String> topics, String other) throws IOException {
        Duration fresh = sampler.interval().dividedBy(2);
        for (String topic : List.of("node", "apps")) {
            if (!topics.contains(topic)) {
                continue;
            }
            Answer a = link.askShared(other, "/api/" + topic, topic.equals("node") ? Map.of("history", "false")
                    : Map.of(), fresh);
            if (a.status() == 200) {
                send(out, topic, a.body());
            } else if (a.status() == 502) {
                send(out, "lost", a.body().strip());
                return false;
            } else {
                send(out, "failed", a.body().strip());
            }
        }
        return true;
    }

    /** Trace lines after a sequence number, as they come. */
    void traces(HttpExchange ex, long after) throws IOException {
        if (!permits.tryAcquire()) {
            Http.text(ex, 503, MAX_STREAMS + " live streams are open already: close a page\n");
            return;
        }
        try (OutputStream out = start(ex)) {
            long last = after;
            while (open) {
                List<TraceHub.Line> lines = traces.linesAfter(last, MAX_LINES_PER_BATCH, Duration.ofSeconds(15));
                if (lines.isEmpty()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                StringBuilder b = new StringBuilder();
                if (lines.getFirst().seq() > last + 1 && last > 0) {
                    b.append("event: skipped\ndata: ").append(lines.getFirst().seq() - last - 1).append("\n\n");
                }
                for (TraceHub.Line l : lines) {
                    b.append("id: ").append(l.seq()).append("\ndata: ").append(l.text().replace("\n", "\ndata: "))
                            .append("\n\n");
                }
                last = lines.getLast().seq();
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                LockSupport.parkNanos(BATCH_NANOS);
            }
        } catch (IOException | InterruptedException closed) {
            // the page went away, or the observer stops
        } finally {
            permits.release();
        }
    }

    private static OutputStream start(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write(": stream open\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        return out;
    }

    private static void send(OutputStream out, String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        open = false;
    }
}
