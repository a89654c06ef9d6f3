package io.loomotp.observer;

import com.sun.net.httpserver.HttpServer;
import io.loomotp.observer.internal.Routes;
import io.loomotp.runtime.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The observer of one node: a web page with the node's figures, its applications' supervision trees, a process table,
 * a page per process with its actions, the traces started from the page, alarms and reports. OTP's {@code observer}
 * as a page, served by the JDK's {@code com.sun.net.httpserver} (docs/adr/0014-observer-on-the-jdk-http-server.md).
 *
 * <pre>{@code
 * try (Observer o = Observer.start(node, ObserverOptions.defaults())) {
 *     System.out.println("observer at " + o.url());   // http://127.0.0.1:41234/?token=...
 * }
 * }</pre>
 *
 * <p>Every request needs the access token: as the {@code token} query parameter (the URL printed at start carries it)
 * or the {@code X-Observer-Token} header; an action (a POST) needs the header, which another site's page cannot set.
 * Requests are served on virtual threads; the node is sampled at the options' interval, on one virtual thread of the
 * observer's, whether or not a page is open, and live data is pushed to open pages at that rate, never faster.
 *
 * <p>On a node in a cluster, the observer also offers its views to the other nodes' observers, as the cluster service
 * {@code loomotp.observer} (through the runtime's {@code ClusterNodes}, ADR 0019): the page's node selector shows
 * another node's panels, and acts on its processes, through that node's observer (docs/observer.md, "Node selector").
 *
 * <p>Thread-safe; {@link #close} stops the server and the sampling, withdraws the service and switches off the traces
 * the page started.
 */
public final class Observer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;
    private final URI url;

    private Observer(HttpServer server, ExecutorService executor, Routes routes, URI url) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.url = url;
    }

    /**
     * Starts the observer of a node.
     *
     * @throws UncheckedIOException if the address cannot be bound (the port is taken, say)
     */
    public static Observer start(Node node, ObserverOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        if (node.isClosed()) {
            throw new IllegalStateException("node " + node.name() + " is closed: an observer of it would show nothing; "
                    + "start the observer on a running node");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("the observer cannot listen on " + options.bindAddress().getHostAddress()
                    + ":" + options.port() + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Routes routes;
        try {
            routes = Routes.create(node, options);
        } catch (RuntimeException e) {
            server.stop(0); // the port is not left bound by a start that failed
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", routes);
        server.setExecutor(executor);
        server.start();
        String host = options.bindAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/?token=" + options.token());
        return new Observer(server, executor, routes, url);
    }

    /** Starts the observer of a node with the {@linkplain ObserverOptions#defaults() defaults}. */
    public static Observer start(Node node) {
        return start(node, ObserverOptions.defaults());
    }

    /** The page's URL, with its access token: print it for the operator, as Jupyter does. */
    public URI url() {
        return url;
    }

    /** The TCP port the observer listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops the server, its sampling, its service to the other nodes and the traces its page started. */
    @Override
    public void close() {
        routes.close();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "observer at http://" + server.getAddress().getHostString() + ":" + port() + "/";
    }
}
