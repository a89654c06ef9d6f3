package io.loomotp.cluster.internal;

import io.loomotp.Restart;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.DistributedApp;
import io.loomotp.runtime.AlreadyRegisteredException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.SpawnOptions;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.application.StartType;
import io.loomotp.runtime.remote.ApplicationStops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's distributed application controller: OTP's {@code dist_ac}, one process per joined node, registered as
 * {@value #NAME}. It owns the distributed applications this node has started (it is a candidate to run them), the
 * latest {@link DistState} of every other node up, and the failover waits in progress; it starts and stops the
 * applications here through the runtime's application controller ({@link Applications}).
 *
 * <p>How it decides (docs/adr/0016): every node sends its state to the nodes of each new view and after every change;
 * once it holds the state of every node in its view, it computes {@link DistDecision#target} for each application,
 * and only the node that finds itself the target acts: it starts the application with {@code normal}, with
 * {@code {failover, Lost}} once the wait after the loss of the node running it has passed, or with
 * {@code {takeover, Old}} if it comes before the node running it. A node running an instance that another running
 * instance outranks ({@link DistDecision#keptRunner}) stops its own: that is the second half of a takeover, and it is
 * also how two instances left by a healed partition become one.
 *
 * <p>Threading: all state is confined to the controller's process; the facade reads {@link #where()} only.
 */
public final class DistController {
    public static final String NAME = "loomotp.dist_ac";
    private static final Logger LOG = LoggerFactory.getLogger("io.loomotp.cluster.dist_ac");

    /** A view: the nodes up, this one included, by name with their creation. */
    private record View(Map<String, Long> members) {}

    private record StartApp(DistributedApp spec, Application app, Restart restart, CompletableFuture<String> result) {}

    private record Sync(Set<String> nodes, CompletableFuture<Void> done) {}

    private record FailoverDue(String app, long token) {}

    private record Stop() {}

    /** An application this node has started: what it needs to run it here, and whether it runs here now. */
    private static final class Local {
        final DistributedApp spec;
        final Application app;
        final Restart restart;
        final List<CompletableFuture<String>> waiting = new ArrayList<>();
        /** The nodes asked for their current state when this application was started here, with the question's number. */
        final Map<String, Long> awaiting = new HashMap<>();
        boolean candidate = true;
        Pid top;
        MonitorRef ref;
        String startedAs = "";

        Local(DistributedApp spec, Application app, Restart restart) {
            this.spec = spec;
            this.app = app;
            this.restart = restart;
        }
    }

    private final Node node;
    private final Endpoint endpoint;
    private final String me;
    private volatile Pid pid;
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);
    private volatile Map<String, String> where = Map.of();
    private volatile Set<String> runningHere = Set.of();

    // confined to the controller's process
    private Map<String, Long> members = Map.of();
    private final Map<Long, DistState> states = new HashMap<>();
    private final Map<String, Local> apps = new LinkedHashMap<>();
    private final Map<String, String> lostRunner = new HashMap<>();
    private final Map<String, Long> failoverWaits = new HashMap<>();
    private final List<Sync> syncs = new ArrayList<>();
    private final Set<String> mismatches = new HashSet<>();
    private long tokens;

    private DistController(Node node, Endpoint endpoint) {
        this.node = node;
        this.endpoint = endpoint;
        this.me = endpoint.nodeName();
    }

    /** Starts the controller of a node that is joining; call before the endpoint connects, so no state is missed. */
    public static DistController start(Node node, Endpoint endpoint) {
        DistController c = new DistController(node, endpoint);
        try {
            c.pid = node.spawn(c::loop, SpawnOptions.defaults().withName(NAME));
        } catch (AlreadyRegisteredException taken) {
            throw new ClusterException("cannot start node " + endpoint.nodeName()
                    + "'s distributed application controller: " + taken.getMessage(), taken);
        }
        endpoint.onView(m -> node.send(c.pid, new View(m)));
        return c;
    }

    /** The controller's process, registered as {@value #NAME}. */
    public Pid pid() {
        return pid;
    }

    /** Where each distributed application known to this node runs now, by name; updated by the controller. */
    public Map<String, String> where() {
        return where;
    }

    /**
     * The distributed applications running on this node now, by name; updated by the controller, and kept as it was
     * last if the controller has ended.
     */
    public Set<String> runningHere() {
        return runningHere;
    }

    /** Asks the controller to start {@code app} as distributed by {@code spec}; the future gets the node it runs on. */
    public CompletableFuture<String> start(DistributedApp spec, Application app, Restart restart) {
        CompletableFuture<String> result = new CompletableFuture<>();
        node.send(pid, new StartApp(spec, app, restart, result));
        return result;
    }

    /** Completes once every node named is up (in this node's view). */
    public CompletableFuture<Void> sync(Set<String> nodes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.send(pid, new Sync(Set.copyOf(nodes), done));
        return done;
    }

    /**
     * Ends the controller, and returns once it has ended (its name is free); the applications running here keep
     * running until the node stops them.
     */
    public void stop() {
        NamedStop.stop(node, pid, () -> node.send(pid, new Stop()), STOP_BOUND);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The process

    private void loop() {
        for (;;) {
            Object m = Process.receive();
            try {
                switch (m) {
                    case View v -> onView(v.members());
                    case DistState s -> onState(s);
                    case DistState.Stopped s -> onStopped(s);
                    case StartApp s -> onStart(s);
                    case Sync s -> {
                        syncs.add(s);
                        checkSyncs();
                    }
                    case FailoverDue f -> {
                        if (failoverWaits.remove(f.app(), f.token())) {
                            evaluateAll();
                        }
                    }
                    case Down d -> onDown(d);
                    case Stop s -> {
                        return;
                    }
                    default -> LOG.warn("dist_ac on {} dropped an unexpected message {}", me, m);
                }
            } catch (RuntimeException e) {
                LOG.error("dist_ac on {} failed on {}: {}", me, m, e.toString(), e);
            }
        }
    }

    private void onView(Map<String, Long> now) {
        LOG.debug("dist_ac on {}: members {}", me, now);
        Map<String, Long> before = members;
        members = now;
        for (Map.Entry<String, Long> e : before.entrySet()) {
            if (!e.getKey().equals(me) && !Objects.equals(now.get(e.getKey()), e.getValue())) {
                lost(e.getKey(), e.getValue());
            }
        }
        states.keySet().removeIf(creation -> !now.containsValue(creation));
        for (Local l : apps.values()) { // a node gone, or back in a new incarnation, will not answer a question
            l.awaiting.keySet().removeIf(n -> !Objects.equals(before.get(n), now.get(n)));
        }
        for (Map.Entry<String, Long> e : now.entrySet()) {
            if (!e.getKey().equals(me) && !Objects.equals(before.get(e.getKey()), e.getValue())) {
                sendState(e.getKey(), true, 0); // a new node, or a new incarnation: it answers with its own
            }
        }
        checkSyncs();
        evaluateAll();
    }

    /** A node left the view: every application it ran fails over after its wait, unless it comes back first. */
    private void lost(String name, long creation) {
        DistState s = states.remove(creation);
        if (s == null) {
            return;
        }
        for (Local l : apps.values()) {
            DistState.App a = s.apps().get(l.spec.name());
            if (a != null && a.running()) {
                String app = l.spec.name();
                long token = ++tokens;
                lostRunner.put(app, name);
                failoverWaits.put(app, token);
                node.sendAfter(l.spec.failoverWait(), Process.self(), new FailoverDue(app, token));
                LOG.info("dist_ac on {}: application {} ran on node {}, which is lost; failover in {} ms", me, app,
                        name, l.spec.failoverWait().toMillis());
            }
        }
    }

    private void onState(DistState s) {
        if (s.node().equals(me)) {
            return;
        }
        LOG.debug("dist_ac on {}: state of {} ({}), answer {}", me, s.node(), s.creation(), s.answer());
        states.put(s.creation(), s);
        if (s.answer()) {
            sendState(s.node(), false, s.token());
        } else if (s.token() != 0) {
            for (Local l : apps.values()) {
                l.awaiting.remove(s.node(), s.token());
            }
        }
        evaluateAll();
    }

    private void onStart(StartApp s) {
        String name = s.spec().name();
        Local l = apps.get(name);
        if (l != null && l.candidate) {
            s.result().completeExceptionally(new IllegalStateException("application " + name
                    + " is already started as distributed on node " + me));
            return;
        }
        l = new Local(s.spec(), s.app(), s.restart());
        l.waiting.add(s.result());
        apps.put(name, l);
        Applications.controlApplication(node, name); // a start by hand here is refused while this node is a candidate
        // Decide only from every other node's current state, not from the last one it happened to send: started on
        // another node just before, the application would otherwise start here too (and stop again once that node's
        // state came). Each node answers after what it was doing, in order, so its answer says whether it runs it.
        long token = ++tokens;
        for (String n : members.keySet()) {
            if (!n.equals(me)) {
                l.awaiting.put(n, token);
                sendState(n, true, token);
            }
        }
        evaluateAll();
    }

    private void onDown(Down d) {
        for (Local l : apps.values()) {
            if (!d.ref().equals(l.ref)) {
                continue;
            }
            String app = l.spec.name();
            l.top = null;
            l.ref = null;
            l.startedAs = "";
            l.candidate = false;
            Applications.releaseControl(node, l.spec.name());
            if (ApplicationStops.take(node, app)) {
                // stopped on request: it stays stopped on every node (OTP's dist_ac_app_stopped); the others hear it
                // before this node's new state, on the same ordered channel, so none starts it meanwhile
                LOG.info("dist_ac on {}: application {} stopped here on request; it stays stopped on every node "
                        + "until it is started again", me, app);
                for (String n : members.keySet()) {
                    if (!n.equals(me)) {
                        endpoint.sendNamed(Process.self(), n, NAME, new DistState.Stopped(me, app), false);
                    }
                }
            } else if (l.restart == Restart.PERMANENT
                    || (l.restart == Restart.TRANSIENT && !(d.reason() instanceof ExitReason.Normal))) {
                // its end stops this node (the application controller's rule): the node leaves its cluster as it
                // stops, and the others fail the application over, as when an Erlang node halts. Announcing it here
                // would have them start it as a normal start instead.
                LOG.warn("dist_ac on {}: {} application {} ended here ({}); the node stops, and the others fail "
                        + "it over", me, l.restart.name().toLowerCase(java.util.Locale.ROOT), app, d.reason());
                return;
            } else {
                // OTP does not restart elsewhere an application that stopped on its own; here this node stops
                // offering to run it, and another candidate starts it (docs/distribution.md).
                LOG.warn("dist_ac on {}: application {} ended here on its own ({}); this node no longer offers to "
                        + "run it", me, app, d.reason());
            }
            publish();
            evaluateAll();
            return;
        }
    }

    /** Another node stopped an application on request: this node no longer offers to run it either. */
    private void onStopped(DistState.Stopped s) {
        Local l = apps.get(s.app());
        if (l != null && l.candidate) {
            LOG.info("dist_ac on {}: application {} was stopped on request on node {}; it stays stopped here too", me,
                    s.app(), s.node());
            l.candidate = false;
            Applications.releaseControl(node, l.spec.name());
            failoverWaits.remove(s.app());
            lostRunner.remove(s.app());
            publish();
        }
        evaluateAll();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deciding

    private boolean synced() {
        for (Map.Entry<String, Long> e : members.entrySet()) {
            if (!e.getKey().equals(me) && !states.containsKey(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private void evaluateAll() {
        if (synced()) {
            for (Local l : List.copyOf(apps.values())) {
                evaluate(l);
            }
        }
        updateWhere();
    }

    private void evaluate(Local l) {
        if (!l.candidate || !l.awaiting.isEmpty()) {
            return;
        }
        String app = l.spec.name();
        List<List<String>> precedence = l.spec.precedence();
        Map<String, DistDecision.Candidate> candidates = candidates(l);
        String kept = DistDecision.keptRunner(precedence, candidates);
        if (l.top != null && kept != null && !kept.equals(me)) {
            stopHere(l, kept);
            candidates = candidates(l);
        }
        String target = DistDecision.target(precedence, candidates);
        if (kept != null) {
            lostRunner.remove(app);
            failoverWaits.remove(app);
            if (me.equals(target) && l.top == null) {
                startHere(l, new StartType.Takeover(kept));
            }
            return;
        }
        if (failoverWaits.containsKey(app) || !me.equals(target)) {
            return;
        }
        String lost = lostRunner.remove(app);
        startHere(l, lost == null ? StartType.NORMAL : new StartType.Failover(lost));
    }

    private Map<String, DistDecision.Candidate> candidates(Local l) {
        String app = l.spec.name();
        Map<String, DistDecision.Candidate> c = new HashMap<>();
        if (l.candidate) {
            c.put(me, new DistDecision.Candidate(l.top != null, myWeight()));
        }
        for (Map.Entry<String, Long> e : members.entrySet()) {
            DistState s = states.get(e.getValue());
            DistState.App a = s == null ? null : s.apps().get(app);
            if (a == null || e.getKey().equals(me)) {
                continue;
            }
            if (!a.precedence().equals(l.spec.precedence())) {
                if (mismatches.add(app + "@" + e.getKey())) {
                    LOG.error("dist_ac on {}: distribution mismatch for application {}: {} here, {} on node {}; "
                            + "that node is ignored for it, so both may run it (give every node of the list the same "
                            + "distributed spec, OTP's {distribution_mismatch, App, Node})", me, app,
                            l.spec.precedence(), a.precedence(),
                            e.getKey());
                }
                continue;
            }
            c.put(e.getKey(), new DistDecision.Candidate(a.running(), weight(s)));
        }
        return c;
    }

    private int myWeight() {
        int n = 0;
        for (Local l : apps.values()) {
            n += l.top != null ? 1 : 0;
        }
        return n;
    }

    private static int weight(DistState s) {
        int n = 0;
        for (DistState.App a : s.apps().values()) {
            n += a.running() ? 1 : 0;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Acting

    private void startHere(Local l, StartType type) {
        String app = l.spec.name();
        try {
            Pid top = Applications.start(node, l.app, l.restart, type);
            l.top = top;
            l.ref = Process.monitor(top);
            l.startedAs = type.toString();
            LOG.info("dist_ac on {}: application {} started here, start type {}", me, app, type);
        } catch (RuntimeException e) {
            LOG.error("dist_ac on {}: application {} did not start here ({}): {}; this node no longer offers to "
                    + "run it", me, app, type, e.toString());
            l.candidate = false;
            Applications.releaseControl(node, l.spec.name());
            for (CompletableFuture<String> f : l.waiting) {
                f.completeExceptionally(e);
            }
            l.waiting.clear();
        }
        publish();
    }

    private void stopHere(Local l, String kept) {
        String app = l.spec.name();
        DistState s = states.get(members.get(kept));
        DistState.App theirs = s == null ? null : s.apps().get(app);
        if (theirs != null && theirs.startedAs().equals(new StartType.Takeover(me).toString())) {
            LOG.info("dist_ac on {}: application {} was taken over by node {}; stopping it here", me, app, kept);
        } else {
            LOG.warn("dist_ac on {}: application {} runs on node {} too, which comes first in {}; stopping it here "
                    + "(two instances ran, as after a partition)", me, app, kept, l.spec);
        }
        Process.demonitor(l.ref, true);
        l.top = null;
        l.ref = null;
        l.startedAs = "";
        Applications.stop(node, app);
        publish();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Telling

    private DistState myState(boolean answer, long token) {
        Map<String, DistState.App> a = new HashMap<>();
        for (Local l : apps.values()) {
            if (l.candidate) {
                a.put(l.spec.name(), new DistState.App(l.spec.failoverWait().toMillis(), l.spec.precedence(),
                        l.top != null, l.startedAs));
            }
        }
        return new DistState(me, endpoint.creation(), answer, token, a);
    }

    private void sendState(String to, boolean answer, long token) {
        endpoint.sendNamed(Process.self(), to, NAME, myState(answer, token), false);
    }

    private void publish() {
        for (String n : members.keySet()) {
            if (!n.equals(me)) {
                sendState(n, false, 0);
            }
        }
    }

    private void checkSyncs() {
        syncs.removeIf(s -> {
            if (members.keySet().containsAll(s.nodes())) {
                s.done().complete(null);
                return true;
            }
            return s.done().isDone(); // its waiter gave up
        });
    }

    /** Recomputes where every known application runs, and answers the starts waiting for it to run somewhere. */
    private void updateWhere() {
        Map<String, List<List<String>>> precedence = new HashMap<>();
        Map<String, List<String>> runners = new HashMap<>();
        Set<String> here = new HashSet<>();
        for (Local l : apps.values()) {
            precedence.put(l.spec.name(), l.spec.precedence());
            if (l.top != null) {
                runners.computeIfAbsent(l.spec.name(), k -> new ArrayList<>()).add(me);
                here.add(l.spec.name());
            }
        }
        runningHere = Set.copyOf(here);
        for (Map.Entry<String, Long> e : members.entrySet()) {
            DistState s = states.get(e.getValue());
            if (s == null || e.getKey().equals(me)) {
                continue;
            }
            s.apps().forEach((app, a) -> {
                Local mine = apps.get(app);
                if (mine != null && !a.precedence().equals(mine.spec.precedence())) {
                    return; // a distribution mismatch: ignored here, as candidates() ignores it (logged there)
                }
                precedence.putIfAbsent(app, a.precedence());
                if (a.running()) {
                    runners.computeIfAbsent(app, k -> new ArrayList<>()).add(e.getKey());
                }
            });
        }
        Map<String, String> w = new HashMap<>();
        runners.forEach((app, nodes) -> w.put(app, nodes.stream().min(DistDecision.rank(precedence.get(app)))
                .orElseThrow()));
        where = Map.copyOf(w);
        for (Local l : apps.values()) {
            String at = w.get(l.spec.name());
            if (at != null && !l.waiting.isEmpty() && l.awaiting.isEmpty()) { // its start has not decided yet
                l.waiting.forEach(f -> f.complete(at));
                l.waiting.clear();
            }
        }
    }
}
