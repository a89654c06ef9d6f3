package io.loomotp.telecom;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.application.Application;
import io.loomotp.runtime.application.Config;
import java.util.Map;

/** The base-station controller as an OTP application: its configuration, and its tree, built by Dagger. */
public final class BscApplication implements Application {
    private final Map<String, String> defaults;
    private volatile BscComponent component;

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
        component = BscComponent.of(BscConfig.from(config));
        return BscRef.startLink(component.bsc()).pid();
    }

    /** The component of the running tree; null before start. */
    public BscComponent component() {
        return component;
    }
}
