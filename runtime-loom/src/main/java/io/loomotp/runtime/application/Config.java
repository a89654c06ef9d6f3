package io.loomotp.runtime.application;

import io.loomotp.runtime.supervisor.Durations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * An application's configuration, in three layers, each overriding the one before (as OTP's {@code .app} defaults,
 * then {@code sys.config}, then the command line):
 * <ol>
 *   <li>the application's {@link Application#defaults()};
 *   <li>a properties file: the one the system property {@code <app>.config} names, else
 *       {@code config/<app>.properties} in the working directory if there is one;
 *   <li>system properties {@code <app>.<key>}, such as {@code -Dbsc.frequencies=10,11}.
 * </ol>
 */
public final class Config {
    private final String application;
    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Config(String application, Map<String, String> values, Map<String, String> sources) {
        this.application = application;
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    /** An application's configuration, read now from its defaults, its file and the system properties. */
    public static Config load(String application, Map<String, String> defaults) {
        Objects.requireNonNull(application, "application");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        defaults.forEach((k, v) -> {
            values.put(k, v);
            sources.put(k, "default");
        });
        Path file = file(application);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read " + application + "'s configuration file " + file + ": " + e);
            }
            for (String k : p.stringPropertyNames()) {
                values.put(k, p.getProperty(k));
                sources.put(k, "file " + file);
            }
        }
        String prefix = application + ".";
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith(prefix) && !k.equals(application + ".config")) {
                values.put(k.substring(prefix.length()), System.getProperty(k));
                sources.put(k.substring(prefix.length()), "system property " + k);
            }
        }
        return new Config(application, values, sources);
    }

    /**
     * This configuration with values set and unset since by {@link Applications#setEnv} and
     * {@link Applications#unsetEnv} ({@code changes}, a null value unset): what the application's next start reads.
     */
    Config withChanges(Map<String, String> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> s = new LinkedHashMap<>(sources);
        changes.forEach((k, value) -> {
            if (value == null) {
                v.remove(k);
                s.remove(k);
            } else {
                v.put(k, value);
                s.put(k, "setEnv");
            }
        });
        return new Config(application, v, s);
    }

    /** Configuration from a map alone, for tests and for programs that read their configuration elsewhere. */
    public static Config of(String application, Map<String, String> values) {
        Map<String, String> sources = new LinkedHashMap<>();
        values.keySet().forEach(k -> sources.put(k, "given"));
        return new Config(application, new LinkedHashMap<>(values), sources);
    }

    private static Path file(String application) {
        String named = System.getProperty(application + ".config");
        if (named != null) {
            Path p = Path.of(named);
            if (!Files.isReadable(p)) {
                throw new ConfigException("-D" + application + ".config names " + p.toAbsolutePath()
                        + ", which cannot be read");
            }
            return p;
        }
        Path conventional = Path.of("config", application + ".properties");
        return Files.isReadable(conventional) ? conventional : null;
    }

    public String application() {
        return application;
    }

    /**
     * A value.
     *
     * @throws ConfigException if the key is in no layer
     */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigException("application " + application + " has no configuration '" + key + "': give it "
                    + "a default, put it in config/" + application + ".properties, or pass -D" + application + "."
                    + key + "=...");
        }
        return v;
    }

    /** A value, or {@code otherwise} if the key is in no layer. */
    public String get(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(application + "." + key + " is '" + v + "' (from " + sources.get(key)
                    + "), which is not a whole number");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(application + "." + key + " is '" + v + "' (from " + sources.get(key)
                    + "); write true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** A duration written as {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}. */
    public Duration getDuration(String key) {
        String v = get(key);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(application + "." + key + " (from " + sources.get(key) + "): "
                    + e.getMessage());
        }
    }

    /**
     * Where a key's value came from: {@code default}, {@code file ...}, {@code system property ...}, {@code setEnv};
     * null if none.
     */
    public String source(String key) {
        return sources.get(key);
    }

    /** Every value, by key. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "Config[" + application + ", " + values + "]";
    }
}
