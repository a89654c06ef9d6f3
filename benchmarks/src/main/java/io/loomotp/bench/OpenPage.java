package io.loomotp.bench;

import io.loomotp.observer.Observer;
import io.loomotp.observer.ObserverOptions;
import io.loomotp.runtime.Node;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An observer page left open on a benchmark's node ({@code -Dloomotp.bench.observer=true}): the observer started on
 * the node, and the event streams a page keeps open read by an HTTP client, as a browser would: the node's figures
 * and the trees ({@code /events?topics=node,apps}, once per sample) and the trace lines ({@code /events/traces}).
 * The client reads on platform threads of its own, as a browser is a process of its own; it shares the machine's
 * cores with the node, as a browser on the same machine does. Owns the observer, the client and its threads.
 */
final class OpenPage implements AutoCloseable {
    private final Observer observer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> readers = new ArrayList<>();

    private OpenPage(Node node) throws InterruptedException {
        observer = Observer.start(node, ObserverOptions.defaults());
        URI url = observer.url();
        String base = "http://" + url.getHost() + ":" + url.getPort();
        String token = url.getQuery().substring("token=".length());
        List<String> streams = List.of("/events?topics=node,apps", "/events/traces?after=0");
        CountDownLatch first = new CountDownLatch(1); // the node's stream has sent its first sample
        for (String path : streams) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("X-Observer-Token", token)
                    .build();
            readers.add(Thread.ofPlatform().daemon().name("bench-page " + path).start(() -> {
                try (InputStream in = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                    byte[] buffer = new byte[8192];
                    while (in.read(buffer) >= 0) {
                        first.countDown();
                    }
                } catch (Exception closed) {
                    // the observer closed the stream: the run is over
                }
            }));
        }
        if (!first.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the observer's event stream sent nothing within 10 s");
        }
    }

    /** The page when {@code -Dloomotp.bench.observer=true}; nothing otherwise. */
    static AutoCloseable on(Node node) throws InterruptedException {
        return Boolean.getBoolean("loomotp.bench.observer") ? new OpenPage(node) : () -> { };
    }

    @Override
    public void close() {
        observer.close(); // ends the streams, and so the readers
        try {
            for (Thread t : readers) {
                t.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for the caller; the client is closed all the same
        }
        http.close();
    }
}
