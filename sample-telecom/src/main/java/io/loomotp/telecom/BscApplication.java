package io.loomotp.telecom;

import io.loomotp.metrics.NodeSampler;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import java.time.Duration;
import java.util.Map;

/** The base-station controller as an OTP application: its configuration, and its tree, built by Dagger. */
public final class BscApplication implements Application {
    private final Map<String, String> defaults;
    /** How often the sampler reads the node: the feedback of call set-up's regulator reacts this fast. */
    static final Duration SAMPLE_PERIOD = Duration.ofMillis(250);

    private volatile BscComponent component;
    private volatile NodeSampler sampler;
    private volatile CallAdmission admission;

    /** With the sample's defaults. */
    public BscApplication() {
        this(Map.of());
    }

    /** With some defaults replaced (tests use this); the file and system properties still override them. */
    public BscApplication(Map<String, String> overrides) {
        Map<String, String> d = new java.util.HashMap<>(BscConfig.DEFAULTS);
        d.putAll(overrides);
        this.defaults = Map.copyOf(d);
    }

    @Override
    public String name() {
        return "bsc";
    }

    @Override
    public Map<String, String> defaults() {
        return defaults;
    }

    @Override
    public Pid start(Config config) {
        BscConfig c = BscConfig.from(config);
        // the sampler is the node's, for the application's life: call set-up's feedback and the metrics read it
        sampler = NodeSampler.create(Process.node()).start(SAMPLE_PERIOD);
        admission = CallAdmission.start(c.setUp(), c.phones(), sampler);
        component = BscComponent.of(c, admission);
        return BscRef.startLink(component.bsc()).pid();
    }

    /** Runs once the tree is down (OTP's {@code stop/1}): no controller waits for its turn any more. */
    @Override
    public void stop() {
        if (admission != null) {
            admission.close();
        }
        if (sampler != null) {
            sampler.close();
        }
    }

    /** The node's sampler while the application runs; null before start. */
    public NodeSampler sampler() {
        return sampler;
    }

    /** The component of the running tree; null before start. */
    public BscComponent component() {
        return component;
    }
}
