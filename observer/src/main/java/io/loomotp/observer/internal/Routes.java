package io.loomotp.observer.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.loomotp.observer.ObserverOptions;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.sys.Recon;
import io.loomotp.sys.TraceLimit;
import io.loomotp.sys.TracePattern;
import io.loomotp.sys.jmx.OperatorExit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observer's one HTTP handler: checks the token, then routes a request to the page, an asset, the JSON API, an
 * action or an event stream. An API request with a {@code node} parameter (the page's node selector) naming another
 * node of the cluster is answered by that node's observer, through {@link NodeLink}, with the same {@link #answer}
 * code. It owns the observer's parts (sampler, trace hub, report log, node link) and closes them.
 *
 * <p>Errors become one line for the page: 400 for bad input, 401 without the token, 404 for a dead process, 409 for
 * an action the process's state refuses, 502 when the selected node cannot be reached (not in the cluster, no
 * observer there, lost), 504 when a process or a node did not answer in time.
 */
public final class Routes implements HttpHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private static final String STATIC = "/io/loomotp/observer/static/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    /** The most events a log switched on from the page keeps: they live in the process, each rendered to text. */
    static final int MAX_LOG = 1000;

    private final Node node;
    private final byte[] token;
    private final String tokenText;
    private final Sampler sampler;
    private final TraceHub traces;
    private final ReportLog reports;
    private final Views views;
    private final EventStreams streams;
    private final NodeLink link;

    private Routes(Node node, ObserverOptions options) {
        this.node = node;
        this.tokenText = options.token();
        this.token = options.token().getBytes(StandardCharsets.UTF_8);
        this.sampler = new Sampler(node, options.sampleInterval(), options.historySamples());
        this.traces = new TraceHub(node);
        this.reports = new ReportLog(node);
        this.views = new Views(node, sampler, reports, options.cluster());
        this.link = new NodeLink(node, this::answer, NodeLink.TIMEOUT);
        this.streams = new EventStreams(sampler, traces, views, link, new Semaphore(EventStreams.MAX_STREAMS));
    }

    /** The handler of one observer; starts its sampler. */
    public static Routes create(Node node, ObserverOptions options) {
        Routes r = new Routes(node, options);
        r.sampler.start();
        return r;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        // no try-with-resources on the exchange: the catch clauses still answer on it; each answer closes it
        try {
            Map<String, String> q = Http.query(ex);
            if (!Http.authorized(ex, q, token)) {
                Http.text(ex, 401, "missing or wrong access token: open the URL the observer printed at start "
                        + "(it ends in ?token=...); actions need the token in the " + Http.TOKEN_HEADER + " header\n");
                return;
            }
            route(ex, ex.getRequestURI().getPath(), q);
        } catch (NodeLink.RemoteFailure e) {
            Http.send(ex, e.answer());
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            Answer a = Answer.error(e);
            if (a == null) {
                LOG.warn("observer request {} failed", ex.getRequestURI().getPath(), e);
                a = Answer.text(500, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            Http.send(ex, a);
        }
    }

    /**
     * Serves a request: the page, an asset or an event stream here; an API request is answered by this node, or by
     * the node the {@code node} parameter selects (the page's node selector), through {@link NodeLink}.
     */
    private void route(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, POST");
            Http.text(ex, 405, "GET or POST only, not " + Answer.clip(method) + "\n");
            return;
        }
        String target = q.get("node");
        if ("GET".equals(method)) {
            switch (path) {
                case "/", "/index.html" -> {
                    Http.html(ex, resource(STATIC + "index.html", path).replace("__TOKEN__", tokenText)
                            .replace("__NODE__", Http.escape(node.name())));
                    return;
                }
                case "/events" -> {
                    streams.live(ex, q.getOrDefault("topics", "node"), link.isOther(target) ? target : null);
                    return;
                }
                case "/events/traces" -> {
                    streams.traces(ex, atLeast(q, "after", 0, 0)); // a negative one spun the stream's loop
                    return;
                }
                default -> {
                    if (!path.startsWith("/api/") && !path.startsWith("/fragments/")) {
                        asset(ex, path);
                        return;
                    }
                }
            }
        }
        Http.send(ex, link.isOther(target) ? onOther(target, method, path, q) : answer(method, path, q));
    }

    /**
     * This node's answer to an API request: for its own page, and for another node's page through the service
     * {@value NodeLink#SERVICE} (which offers only some of these, {@link NodeLink}).
     *
     * @throws RuntimeException as {@link Answer#error} maps them: bad input, a dead process, a refused action, a
     *     process that did not answer in time
     */
    Answer answer(String method, String path, Map<String, String> q) {
        if ("POST".equals(method)) {
            return switch (path) {
                case "/api/process/action" -> Answer.json(Map.of("result", action(q)));
                case "/api/trace/pattern" -> Answer.json(Map.of("result", tracePattern(q)));
                case "/api/trace/pattern/stop" -> Answer.json(Map.of("result", stoppedPattern()));
                default -> GET_PATHS.contains(path) ? Answer.text(405, path + " answers GET only, not POST")
                        : Answer.text(404, "no action " + Answer.clip(path));
            };
        }
        if (POST_PATHS.contains(path)) {
            return Answer.text(405, path + " is an action: POST only, not GET");
        }
        return switch (path) {
            case "/api/node" -> Answer.json(views.node(flag(q, "history", true)));
            case "/api/apps" -> Answer.json(views.applications());
            case "/api/cluster" -> Answer.json(views.cluster());
            case "/api/processes" -> {
                onlyKnown(q, "/api/processes", PROCESSES_PARAMETERS, Set.of("traced"));
                yield Answer.json(views.processes(q.getOrDefault("sort", "pid"), descending(q), q.get("filter"),
                        atLeast(q, "page", 0, 0), integer(q, "size", 50)));
            }
            case "/api/process" -> {
                onlyKnown(q, "/api/process", Set.of("pid", "traced"), Set.of());
                Pid pid = pid(q);
                // "traced from this page": the asking page's own fact, which another node's page passes along
                yield Answer.json(views.process(pid, q.containsKey("traced") ? "true".equals(q.get("traced"))
                        : traces.isTraced(null, pid.toString())));
            }
            case "/api/traces" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sessions", traces.sessions());
                m.put("ring", TraceHub.RING);
                m.put("maxProcessTraces", TraceHub.MAX_PROCESS_TRACES);
                m.put("lastSeq", traces.lastSeq());
                yield Answer.json(m);
            }
            case "/fragments/alarms" -> Answer.html(views.alarmsAndReports());
            case NodeLink.PID -> NodeLink.pidAnswer(node, pid(q));
            default -> Answer.text(404, "nothing at " + Answer.clip(path));
        };
    }

    /** The API's paths by method, for a 405 (not a 404) when one is asked with the other. */
    private static final Set<String> GET_PATHS = Set.of("/api/node", "/api/apps", "/api/cluster",
            "/api/processes", "/api/process", "/api/traces", "/fragments/alarms");
    private static final Set<String> POST_PATHS = Set.of("/api/process/action",
            "/api/trace/pattern", "/api/trace/pattern/stop");

    /**
     * A request of the page for another node: its views and most actions are that node's answer; the page's traces,
     * its Cluster panel and its trace sessions stay this node's, and a process's trace runs here (its lines stream to
     * this page, ADR 0019), on the pid that node names.
     */
    private Answer onOther(String target, String method, String path, Map<String, String> q) {
        String action = q.getOrDefault("action", "");
        if ("POST".equals(method) && path.equals("/api/process/action") && action.equals("trace-on")) {
            NodeLink.Remote r = link.remote(target, required(q, "pid"));
            TraceLimit limit = limit(q);
            traces.traceProcess(r.pid(), r.shown(), target, r.label(target), limit);
            return Answer.json(Map.of("result", "tracing " + r.label(target) + " (limit: " + limit + ")"));
        }
        if ("POST".equals(method) && path.equals("/api/process/action") && action.equals("trace-off")) {
            String shown = required(q, "pid");
            return Answer.json(Map.of("result", traces.stopProcess(target, shown) ? "trace of " + shown + " on "
                    + target + " off" : shown + " on " + target + " was not traced from this page"));
        }
        if ("POST".equals(method) && path.startsWith("/api/trace/pattern")) {
            throw new IllegalArgumentException("a pattern trace runs on this page's own node, "
                    + link.self() + ": open the observer of " + target + " for one there");
        }
        if (path.equals("/api/traces") || path.equals("/api/cluster")) {
            return answer(method, path, q);
        }
        Map<String, String> asked = q;
        if (path.equals("/api/process")) {
            asked = new LinkedHashMap<>(q);
            asked.put("traced", String.valueOf(traces.isTraced(target, required(q, "pid"))));
        }
        return link.ask(target, method, path, asked);
    }

    private static String required(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + key + ": give ?" + key + "=...");
        }
        return v;
    }

    private void asset(HttpExchange ex, String path) throws IOException {
        if (path.contains("..")) {
            Http.text(ex, 400, "no '..' in a path\n");
            return;
        }
        InputStream in = path.startsWith("/static/")
                ? Routes.class.getResourceAsStream(STATIC + path.substring("/static/".length()))
                : path.startsWith("/webjars/")
                ? Routes.class.getClassLoader().getResourceAsStream(WEBJARS + path.substring("/webjars/".length()))
                : null;
        if (in == null || path.endsWith("/")) { // a directory's stream is empty, not a file
            if (in != null) {
                in.close();
            }
            Http.text(ex, 404, "nothing at " + Answer.clip(path) + "\n");
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        Http.send(ex, 200, contentType(path), body);
    }

    private static String contentType(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (path.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static String resource(String name, String path) throws IOException {
        try (InputStream in = Routes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the observer's jar lacks " + name + " (asked for " + path + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Pid pid(Map<String, String> q) {
        String text = q.get("pid");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no pid: give ?pid=<0.42>");
        }
        if (!text.strip().matches("<\\d+\\.\\d+>")) {
            throw new IllegalArgumentException("not a pid: '" + text + "' (expected <node.serial>, e.g. <0.42>)");
        }
        Pid p = node.pidOf(text.strip());
        if (p == null) {
            throw new NoProcessException(text, "node " + node.name()); // "node n1: no process <0.999>"
        }
        return p;
    }

    private static int integer(Map<String, String> q, String key, int otherwise) {
        String v = q.get(key);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            if (!v.matches("[+-]?[0-9]+")) { // ASCII digits only: parseInt would take a full-width '５' as 5
                throw new NumberFormatException(v);
            }
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(v.matches("-?\\d+") ? key + " " + Answer.clip(v) + " is too large"
                    : key + " is a whole number, not '" + Answer.clip(v) + "'");
        }
    }

    /** A whole number at least {@code min}: a page of -1 is a mistake, not page 0. */
    private static int atLeast(Map<String, String> q, String key, int otherwise, int min) {
        int v = integer(q, key, otherwise);
        if (v < min) {
            throw new IllegalArgumentException(key + " is " + min + " or more, not " + v);
        }
        return v;
    }

    /** {@code true} or {@code false}, nothing else: {@code history=maybe} is a mistake, not yes. */
    private static boolean flag(Map<String, String> q, String key, boolean otherwise) {
        String v = q.get(key);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " is true or false, not '" + v + "'");
        };
    }

    /** {@code dir=asc} or {@code desc} (the default). */
    private static boolean descending(Map<String, String> q) {
        return switch (q.getOrDefault("dir", "desc").toLowerCase(Locale.ROOT)) { // case-blind, as sort is
            case "desc", "" -> true;
            case "asc" -> false;
            default -> throw new IllegalArgumentException("dir is asc or desc, not '" + Answer.clip(q.get("dir")) + "'");
        };
    }

    /** The limit a trace request gives: {@code count=N}, or {@code rate=N} lines per second. */
    private static TraceLimit limit(Map<String, String> q) {
        // 0 is what an absent one reads as; given, each is 1 or more ('count is 0 or more' then refused count=0)
        int count = q.containsKey("count") ? atLeast(q, "count", 0, 1) : 0;
        int rate = q.containsKey("rate") ? atLeast(q, "rate", 0, 1) : 0;
        if (count > MAX_TRACE_LINES) {
            throw new IllegalArgumentException("a trace from the page shows at most " + MAX_TRACE_LINES
                    + " lines, not " + count);
        }
        if (count > 0 && rate > 0) {
            throw new IllegalArgumentException("a trace has one limit: count=N lines or rate=N per second, not both");
        }
        if (count > 0) {
            return TraceLimit.count(count);
        } else if (rate > 0) {
            return TraceLimit.rate(rate, Duration.ofSeconds(1));
        }
        throw new IllegalArgumentException("a trace from the page needs a limit: count=N lines or rate=N per second");
    }

    /** The largest count limit of a trace from the page (its input's maximum). */
    private static final int MAX_TRACE_LINES = 10_000;
    /** What {@code /api/processes} takes. */
    private static final Set<String> PROCESSES_PARAMETERS = Set.of("sort", "dir", "filter", "page", "size");

    /** What each action takes besides {@code pid}, {@code action} and {@code node}. */
    private static final Map<String, Set<String>> ACTION_PARAMETERS = Map.of(
            "trace-on", Set.of("count", "rate"), "log-on", Set.of("size"),
            "exit", Set.of("reason"));
    private static final Set<String> PATTERN_PARAMETERS =
            Set.of("behaviour", "handler", "message", "replies", "count", "rate");

    /**
     * Refuses a parameter the request does not take, so that a mistyped or misplaced one ({@code reason} on a kill, a
     * {@code message} the page's pattern trace did not know) is never silently left out of what is carried out.
     */
    private static void onlyKnown(Map<String, String> q, String what, Set<String> takes,
                                  Set<String> alsoTakes) {
        for (String k : q.keySet()) {
            if (!takes.contains(k) && !alsoTakes.contains(k) && !k.equals("node") && !k.equals("token")) {
                List<String> known = takes.stream().sorted().toList();
                throw new IllegalArgumentException(what + " takes no parameter '" + Answer.clip(k) + "'"
                        + (known.isEmpty() ? "" : ": it takes " + String.join(", ", known)) + " (nothing was done)");
            }
        }
    }

    /** Processes sent a suspend from the page that timed out: it is carried out later, so a resume must follow. */
    private final java.util.Set<Pid> suspendsSent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private boolean suspended(Pid pid) {
        io.loomotp.runtime.ProcessInfo info = node.info(pid);
        return info != null && info.status() == io.loomotp.runtime.ProcessStatus.SUSPENDED;
    }

    private String action(Map<String, String> q) {
        String action = q.getOrDefault("action", "");
        onlyKnown(q, "action " + (action.isEmpty() ? "(none)" : Answer.clip(action)),
                ACTION_PARAMETERS.getOrDefault(action, Set.of()), Set.of("pid", "action"));
        Pid pid = pid(q);
        return switch (action) {
            case "suspend" -> { // the words of the CLI's and the JMX bean's answers
                suspendsSent.remove(pid);
                if (suspended(pid)) {
                    yield pid + " is suspended already (resume resumes it)";
                }
                try {
                    sys(pid, "sys:suspend", () -> SysAccess.suspend(pid));
                } catch (IllegalStateException busy) {
                    suspendsSent.add(pid); // carried out later: a resume now must follow it, not be refused
                    throw busy;
                }
                yield pid + " suspended";
            }
            case "resume" -> {
                // after a suspend that timed out, the resume goes behind it, as OTP's two sys requests would
                if (!suspendsSent.remove(pid) && !suspended(pid)) {
                    yield pid + " is not suspended (nothing to resume)";
                }
                sys(pid, "sys:resume", () -> SysAccess.resume(pid));
                yield pid + " resumed";
            }
            case "trace-on" -> {
                TraceLimit limit = limit(q);
                sys(pid, "sys:trace", "the trace starts, with its limit, when the process gets to the request, "
                        + "which waits in its mailbox (trace-off cancels it)",
                        () -> traces.traceProcess(pid, pid.toString(), null, label(pid), limit));
                yield "tracing " + pid + " (limit: " + limit + ")";
            }
            case "trace-off" -> traces.stopProcess(null, pid.toString()) ? "trace of " + pid + " off" : pid + " is not traced "
                    + "from this page now (its trace, if any, had ended already): nothing was done";
            case "log-on" -> {
                int size = integer(q, "size", 10);
                if (size < 1 || size > MAX_LOG) {
                    throw new IllegalArgumentException("a log keeps 1 to " + MAX_LOG + " events, not " + size);
                }
                sys(pid, "sys:log", () -> SysAccess.log(node, pid, size));
                yield "logging the last " + size + " events of " + label(pid);
            }
            case "log-off" -> {
                sys(pid, "sys:log", () -> SysAccess.log(node, pid, 0));
                yield "log of " + label(pid) + " off";
            }
            case "statistics-on", "statistics-off" -> {
                sys(pid, "sys:statistics", () -> SysAccess.statistics(pid, action.endsWith("on")));
                yield "statistics of " + pid + " " + action.substring("statistics-".length());
            }
            case "exit" -> {
                String reason = q.getOrDefault("reason", "");
                ExitReason r = OperatorExit.parse(reason); // as the console and the CLI read it
                io.loomotp.runtime.ProcessInfo before = node.info(pid);
                node.exit(pid, r);
                yield OperatorExit.sent(pid.toString(), reason, r, before);
            }
            case "kill" -> {
                node.exit(pid, ExitReason.KILL);
                yield "kill sent to " + pid;
            }
            default -> throw new IllegalArgumentException("no action '" + action + "': suspend, resume, trace-on, "
                    + "trace-off, log-on, log-off, statistics-on, statistics-off, exit or kill");
        };
    }

    /**
     * A sys request of an action. One the process does not answer in time is not undone: it waits in the mailbox,
     * behind the messages there, and takes effect when the process reaches it (as with {@code sys} in OTP); the
     * operator is told so, rather than that it failed.
     */
    private static void sys(Pid pid, String what, Runnable request) {
        sys(pid, what, "the request waits in its mailbox and takes effect if and when the process reaches it",
                request);
    }

    /** As {@link #sys(Pid, String, Runnable)}, saying {@code then} of what became of the request. */
    private static void sys(Pid pid, String what, String then, Runnable request) {
        try {
            request.run();
        } catch (CallTimeoutException e) {
            throw new IllegalStateException(pid + " did not answer " + what + " within "
                    + SysAccess.TIMEOUT.toSeconds() + " s (busy or stuck, or it runs no behaviour): " + then);
        }
    }

    private String label(Pid pid) {
        String name = Recon.nameOf(node, pid);
        return name != null ? name + " " + pid : pid.toString();
    }

    /** The stop's answer: what it stopped, or that none ran (not a mistake: a stop is idempotent, as recon_trace's). */
    private String stoppedPattern() {
        String stopped = traces.stopPattern();
        return stopped != null ? "pattern trace stopped: " + stopped
                : "no pattern trace is running from this page: nothing was done";
    }

    private String tracePattern(Map<String, String> q) {
        onlyKnown(q, "a pattern trace", PATTERN_PARAMETERS, Set.of());
        String behaviour = q.getOrDefault("behaviour", "").strip();
        TracePattern p;
        if (behaviour.isEmpty() || behaviour.equals("all")) { // "all", as the CLI's --behaviour all
            p = TracePattern.all();
        } else {
            p = TracePattern.of(classNamed(behaviour));
        }
        String message = q.getOrDefault("message", "").strip();
        if (!message.isEmpty()) {
            p = p.messages(classNamed(message)); // the CLI's --message CLASS
        }
        String handler = q.getOrDefault("handler", "").strip();
        if (p.behaviour() != null) {
            // a class no behaviour runs, or a handler it lacks, would start a trace that prints nothing, in place of
            // the one running: refused, as the CLI refuses them
            io.loomotp.sys.jmx.PatternTargets.check(node, p.behaviour(), handler.isEmpty() ? null : handler);
        }
        if (!handler.isEmpty()) {
            p = p.handler(handler);
        }
        if (flag(q, "replies", false)) {
            p = p.withReplies();
        }
        return traces.tracePattern(p, limit(q));
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("no class " + Answer.clip(name) + " in the node's JVM");
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader c = Thread.currentThread().getContextClassLoader();
        return c != null ? c : Routes.class.getClassLoader();
    }

    @Override
    public void close() {
        link.close();
        streams.close();
        traces.close();
        reports.close();
        sampler.close();
    }
}
