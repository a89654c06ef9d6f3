package io.loomotp.metrics;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.event.Alarms;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Threshold alarms, as elarm raises them: rules ({@link Threshold}) evaluated on every sample of a
 * {@link NodeSampler}, that set and clear alarms through the node's SASL-style alarm handler ({@link Alarms}), so that
 * they show wherever alarms show: the console, the CLI, JMX, the observer page, and any handler added to
 * {@code alarm_handler}. Without an alarm manager on the node the alarms are only kept here ({@link #raised()}), and
 * the first one raised says so in one INFO line; an alarm manager that starts later, or is restarted (and so has lost
 * its list), is told of the alarms raised at the next sample.
 *
 * <p>It owns each rule's state (raised or not, and since when the measurement has been past a level); the state is
 * changed only on the sampler's tick, so a test that drives the sampler with a {@code ManualClock} of its tests sees every raise
 * and clear at a time it chose. A bound to Micrometer, each rule is a gauge {@code loomotp.alarms.raised} (1 or 0),
 * tagged with its alarm.
 */
public final class ThresholdAlarms implements MeterBinder, AutoCloseable {
    private final NodeSampler sampler;
    private final List<Rule> rules;
    /** Set once the first alarm raised without an alarm manager has been told of. Under this object's lock. */
    private boolean toldNoManager;
    private final AutoCloseable handle;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry registry;
    /** Under this object's lock. */
    private boolean closed;

    /** A rule and its state: raised or not, and since when (sampler time) the measurement has been past a level. */
    private static final class Rule {
        final Threshold threshold;
        volatile boolean raised;
        boolean pending;
        long since;
        /** While raised: its description, and the alarm manager it was set with (null if none ran then). */
        String description;
        Pid setWith;
        /** Set once a failing measurement of this rule has been logged. */
        boolean toldFailure;

        Rule(Threshold threshold) {
            this.threshold = threshold;
        }
    }

    private ThresholdAlarms(NodeSampler sampler, List<Threshold> thresholds) {
        this.sampler = sampler;
        List<Rule> rs = new ArrayList<>();
        for (Threshold t : thresholds) {
            for (Rule r : rs) {
                if (r.threshold.id().equals(t.id())) {
                    throw new IllegalArgumentException("two thresholds raise the same alarm " + t.id());
                }
            }
            rs.add(new Rule(t));
        }
        this.rules = List.copyOf(rs);
        List<Threshold.AlarmId> ids = rules.stream().map(r -> r.threshold.id()).toList();
        sampler.claimAlarms(ids);
        try {
            this.handle = sampler.onSample(this::evaluate);
        } catch (RuntimeException e) {
            sampler.releaseAlarms(ids);
            throw e;
        }
    }

    /** Evaluates the thresholds on every sample the sampler takes from now on. */
    public static ThresholdAlarms install(NodeSampler sampler, Threshold... thresholds) {
        return install(sampler, List.of(thresholds));
    }

    /** Evaluates the thresholds on every sample the sampler takes from now on. */
    public static ThresholdAlarms install(NodeSampler sampler, List<Threshold> thresholds) {
        Objects.requireNonNull(sampler, "sampler");
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("threshold alarms need at least one threshold");
        }
        return new ThresholdAlarms(sampler, thresholds);
    }

    /** The alarms raised now, in the order of the rules. */
    public List<Threshold.AlarmId> raised() {
        List<Threshold.AlarmId> ids = new ArrayList<>();
        for (Rule r : rules) {
            if (r.raised) {
                ids.add(r.threshold.id());
            }
        }
        return ids;
    }

    private synchronized void evaluate(NodeSample s) {
        Node node = sampler.node();
        Pid manager = node.whereis(Alarms.NAME);
        for (Rule r : rules) {
            Threshold t = r.threshold;
            if (r.raised && manager != null && !manager.equals(r.setWith)) {
                // raised before this alarm manager ran (it started later, or was restarted and lost its list):
                // set again, as elarm re-checks its rules, so the operator sees what holds
                Alarms.setIfRunning(node, t.id(), r.description);
                r.setWith = manager;
            }
            double v;
            try {
                v = t.measure().applyAsDouble(s);
            } catch (RuntimeException e) { // this rule skips the sample, in its state; the rules after it do not
                if (!r.toldFailure) {
                    r.toldFailure = true;
                    org.slf4j.LoggerFactory.getLogger("io.loomotp.metrics").warn("threshold alarm {} could not "
                            + "measure the sample; it stays {} until it measures again (told once)", t.id(),
                            r.raised ? "raised" : "clear", e);
                }
                continue;
            }
            boolean past = r.raised ? v <= t.clearAtOrBelow() : v > t.raiseAbove();
            if (!past) {
                r.pending = false; // back inside, or in the hysteresis band: the wait starts again
                continue;
            }
            if (!r.pending) {
                r.pending = true;
                r.since = s.time();
            }
            Duration held = Duration.ofNanos(s.time() - r.since);
            if (held.compareTo(r.raised ? t.clearAfter() : t.raiseAfter()) < 0) {
                continue;
            }
            r.pending = false;
            r.raised = !r.raised;
            if (r.raised) {
                r.description = t.describe(s, v, held);
                r.setWith = manager;
                if (!Alarms.setIfRunning(node, t.id(), r.description) && !toldNoManager) {
                    toldNoManager = true;
                    org.slf4j.LoggerFactory.getLogger("io.loomotp.metrics").info("threshold alarm {} raised on node {}"
                            + ", which has no alarm manager (Alarms.start): it is kept in ThresholdAlarms.raised() only",
                            t.id(), node.name());
                }
            } else {
                r.description = null;
                r.setWith = null;
                Alarms.clearIfRunning(node, t.id());
            }
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry target) {
        if (closed) {
            throw new IllegalStateException("these threshold alarms are closed: their gauges would never be removed");
        }
        if (registry != null) {
            throw new IllegalStateException("threshold alarms are bound already");
        }
        Objects.requireNonNull(target, "registry");
        for (Rule r : rules) {
            if (target.find("loomotp.alarms.raised").tags("node", sampler.node().name(), "alarm",
                    r.threshold.id().toString()).meter() != null) {
                throw new IllegalStateException("this registry holds a gauge loomotp.alarms.raised for alarm "
                        + r.threshold.id() + " of node " + sampler.node().name() + " already: other threshold alarms "
                        + "are bound to it; bind one");
            }
        }
        registry = target;
        for (Rule r : rules) {
            meters.add(Gauge.builder("loomotp.alarms.raised", r, x -> x.raised ? 1 : 0)
                    .description("1 while the threshold alarm is raised")
                    .tags("node", sampler.node().name(), "alarm", r.threshold.id().toString())
                    .strongReference(true).register(target));
        }
    }

    /** Stops evaluating, clears the alarms it raised (nobody would clear them any more), and removes its meters. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.releaseAlarms(rules.stream().map(r -> r.threshold.id()).toList());
        try {
            handle.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (Rule r : rules) {
            if (r.raised) {
                r.raised = false;
                Alarms.clearIfRunning(sampler.node(), r.threshold.id());
            }
        }
        MeterRegistry reg = registry;
        if (reg != null) {
            meters.forEach(reg::remove);
        }
        meters.clear();
    }
}
