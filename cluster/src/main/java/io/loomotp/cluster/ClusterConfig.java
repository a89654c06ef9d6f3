package io.loomotp.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How a node joins a cluster: an immutable value, built with the {@code with…} methods or read from properties.
 *
 * <table>
 *   <caption>Settings, their property keys and defaults</caption>
 *   <tr><th>setting</th><th>property</th><th>default</th></tr>
 *   <tr><td>cluster name</td><td>{@code loomotp.cluster.name}</td><td>{@code loomotp}</td></tr>
 *   <tr><td>node name</td><td>{@code loomotp.cluster.node}</td><td>required</td></tr>
 *   <tr><td>bind address</td><td>{@code loomotp.cluster.bind}</td><td>{@code 127.0.0.1} (loopback)</td></tr>
 *   <tr><td>bind port</td><td>{@code loomotp.cluster.port}</td><td>7800</td></tr>
 *   <tr><td>initial members, {@code host:port,…}</td><td>{@code loomotp.cluster.members}</td><td>none</td></tr>
 *   <tr><td>shared secret</td><td>{@code loomotp.cluster.secret}</td><td>required</td></tr>
 *   <tr><td>failure detection timeout</td><td>{@code loomotp.cluster.failureTimeout} (ISO-8601 or ms)</td>
 *       <td>2 s</td></tr>
 *   <tr><td>largest message</td><td>{@code loomotp.cluster.maxMessageBytes}</td><td>1 MiB</td></tr>
 *   <tr><td>encryption (ASYM_ENCRYPT)</td><td>{@code loomotp.cluster.encrypt}</td><td>off</td></tr>
 *   <tr><td>failure detector's port: offset from the bind port</td>
 *       <td>{@code loomotp.cluster.failureDetectorOffset}</td><td>100</td></tr>
 *   <tr><td>failure detector's port: how many more above it to try</td>
 *       <td>{@code loomotp.cluster.failureDetectorPortRange}</td><td>50</td></tr>
 * </table>
 *
 * <p>Classes that may cross the wire besides the built-in ones are listed with {@link #allow(Class[])}; every node
 * must allow what it sends and what it receives.
 */
public final class ClusterConfig {
    private String clusterName = "loomotp";
    private String nodeName;
    private String bindAddress = "127.0.0.1";
    private int bindPort = 7800;
    private List<String> initialMembers = List.of();
    private String secret;
    private Duration failureTimeout = Duration.ofSeconds(2);
    private int maxMessageBytes = 1 << 20;
    private boolean encrypt;
    private Set<Class<?>> allowed = Set.of();
    private int failureDetectorOffset = DEFAULT_FAILURE_DETECTOR_OFFSET;
    private int failureDetectorPortRange = DEFAULT_FAILURE_DETECTOR_PORT_RANGE;

    /** The failure detector's (FD_SOCK2's) port is the bind port plus this, by default (JGroups' own default). */
    public static final int DEFAULT_FAILURE_DETECTOR_OFFSET = 100;
    /** If that port is taken, the failure detector tries this many above it, by default. */
    public static final int DEFAULT_FAILURE_DETECTOR_PORT_RANGE = 50;

    private ClusterConfig() {}

    private ClusterConfig copy() {
        ClusterConfig c = new ClusterConfig();
        c.clusterName = clusterName;
        c.nodeName = nodeName;
        c.bindAddress = bindAddress;
        c.bindPort = bindPort;
        c.initialMembers = initialMembers;
        c.secret = secret;
        c.failureTimeout = failureTimeout;
        c.maxMessageBytes = maxMessageBytes;
        c.encrypt = encrypt;
        c.allowed = allowed;
        c.failureDetectorOffset = failureDetectorOffset;
        c.failureDetectorPortRange = failureDetectorPortRange;
        return c;
    }

    /** A configuration for a node of this name, sharing this secret, with every other setting at its default. */
    public static ClusterConfig of(String nodeName, String secret) {
        return new ClusterConfig().withNodeName(nodeName).withSecret(secret);
    }

    /**
     * Reads the settings from properties (the keys of the table above); a key that is absent keeps its default.
     *
     * @throws IllegalArgumentException naming the key, if a value cannot be read or a required one is missing
     */
    public static ClusterConfig fromProperties(Properties p) {
        ClusterConfig c = new ClusterConfig();
        c.clusterName = p.getProperty("loomotp.cluster.name", c.clusterName);
        c = c.withNodeName(required(p, "loomotp.cluster.node")).withSecret(required(p, "loomotp.cluster.secret"));
        c.bindAddress = p.getProperty("loomotp.cluster.bind", c.bindAddress);
        c.bindPort = intOf(p, "loomotp.cluster.port", c.bindPort);
        String members = p.getProperty("loomotp.cluster.members", "").strip();
        if (!members.isEmpty()) {
            c = c.withInitialMembers(List.of(members.split("\\s*,\\s*")));
        }
        String timeout = p.getProperty("loomotp.cluster.failureTimeout");
        if (timeout != null) {
            try {
                c = c.withFailureTimeout(timeout.strip().startsWith("P") ? Duration.parse(timeout.strip())
                        : Duration.ofMillis(Long.parseLong(timeout.strip())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("loomotp.cluster.failureTimeout: not a duration: '" + timeout
                        + "' (use milliseconds, or ISO-8601 such as PT2S)", e);
            }
        }
        c.maxMessageBytes = intOf(p, "loomotp.cluster.maxMessageBytes", c.maxMessageBytes);
        c.encrypt = Boolean.parseBoolean(p.getProperty("loomotp.cluster.encrypt", "false"));
        String offset = "loomotp.cluster.failureDetectorOffset";
        String range = "loomotp.cluster.failureDetectorPortRange";
        if (p.getProperty(offset) != null || p.getProperty(range) != null) {
            int o = intOf(p, offset, c.failureDetectorOffset);
            int r = intOf(p, range, c.failureDetectorPortRange);
            try {
                c = c.withFailureDetectorPorts(o, r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(offset + ", " + range + ": " + e.getMessage(), e);
            }
        }
        return c;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v.strip();
    }

    private static int intOf(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + v + "'", e);
        }
    }

    public ClusterConfig withClusterName(String name) {
        ClusterConfig c = copy();
        c.clusterName = nonBlank(name, "cluster name");
        return c;
    }

    public ClusterConfig withNodeName(String name) {
        ClusterConfig c = copy();
        c.nodeName = nonBlank(name, "node name");
        if (name.contains(",") || name.contains(" ")) {
            throw new IllegalArgumentException("node name must not contain ',' or spaces: '" + name + "'");
        }
        return c;
    }

    /** The address to bind to; loopback by default, so that nothing is reachable from another machine unless asked. */
    public ClusterConfig withBindAddress(String address) {
        ClusterConfig c = copy();
        c.bindAddress = nonBlank(address, "bind address");
        return c;
    }

    /** The TCP port to listen on; 0 picks a free one (then this node can only join, not be an initial member). */
    public ClusterConfig withBindPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bind port must be 0..65535: " + port);
        }
        if (failureDetectorOffset != DEFAULT_FAILURE_DETECTOR_OFFSET
                || failureDetectorPortRange != DEFAULT_FAILURE_DETECTOR_PORT_RANGE) {
            checkFailureDetectorSpan(port, failureDetectorOffset, failureDetectorPortRange);
        }
        ClusterConfig c = copy();
        c.bindPort = port;
        return c;
    }

    /**
     * Where the failure detector listens (JGroups' FD_SOCK2, which sees a crashed member's closed socket at once): on
     * the first free port of {@code bindPort + offset} to {@code bindPort + offset + range}; by default
     * {@value #DEFAULT_FAILURE_DETECTOR_OFFSET} and {@value #DEFAULT_FAILURE_DETECTOR_PORT_RANGE}, so a node on 7800
     * takes one of 7900-7950. Set it when the ports a node may take are given to you (a firewall's, a test machine's
     * share): the node then binds nothing outside {@code bindPort} and that span.
     *
     * @param offset from the bind port, 1 or more (0 would be the bind port itself)
     * @param range how many ports above the first to try if it is taken, 0 (that one only) or more
     * @throws IllegalArgumentException if either is out of bounds, or the span would end above port 65535 for the
     *     bind port set (once this is set, {@link #withBindPort} checks that the span fits the new port too)
     */
    public ClusterConfig withFailureDetectorPorts(int offset, int range) {
        if (offset < 1) {
            throw new IllegalArgumentException("failure detector offset must be 1 or more (0 is the bind port "
                    + "itself): " + offset);
        }
        if (range < 0) {
            throw new IllegalArgumentException("failure detector port range must be 0 (the first port only) or "
                    + "more: " + range);
        }
        checkFailureDetectorSpan(bindPort, offset, range);
        ClusterConfig c = copy();
        c.failureDetectorOffset = offset;
        c.failureDetectorPortRange = range;
        return c;
    }

    /**
     * The {@code host:port} of the members to ask first when joining (JGroups' TCPPING initial hosts, which JGroups
     * writes {@code host[port]}: give {@code 127.0.0.1:7800} here).
     */
    public ClusterConfig withInitialMembers(List<String> hostPorts) {
        List<String> list = new ArrayList<>();
        for (String hp : hostPorts) {
            int colon = hp == null ? -1 : hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1) {
                throw new IllegalArgumentException("initial member must be host:port: '" + hp + "'");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initial member must be host:port: '" + hp + "'", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("initial member '" + hp + "': port " + port
                        + " is not a TCP port (1-65535)");
            }
            list.add(hp.strip());
        }
        ClusterConfig c = copy();
        c.initialMembers = List.copyOf(list);
        return c;
    }

    /** The secret every member must share to join (JGroups AUTH); like Erlang's cookie, never logged. */
    public ClusterConfig withSecret(String secret) {
        ClusterConfig c = copy();
        c.secret = nonBlank(secret, "secret");
        return c;
    }

    /**
     * About how long a hung or unreachable member goes undetected: one silent for seven eighths of this is suspected,
     * and declared lost once the suspicion is confirmed (an eighth to a quarter more), so between about three quarters
     * of it and a quarter more than it (default 2 s: 2.2-2.4 s measured). A crashed process (its sockets closed) is
     * detected within a quarter of it whatever this is. Shorter detects sooner but risks declaring a node lost during a
     * long GC pause.
     */
    public ClusterConfig withFailureTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "failure timeout");
        if (timeout.toMillis() < 100) {
            throw new IllegalArgumentException("failure timeout must be at least 100 ms: " + timeout);
        }
        ClusterConfig c = copy();
        c.failureTimeout = timeout;
        return c;
    }

    /** The largest serialized message; a larger one fails its sender with {@link MessageTooLargeException}. */
    public ClusterConfig withMaxMessageBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("max message bytes must be at least 1024: " + bytes);
        }
        ClusterConfig c = copy();
        c.maxMessageBytes = bytes;
        return c;
    }

    /** Encrypts traffic between members (JGroups ASYM_ENCRYPT: keys exchanged at join, no keystore to manage). */
    public ClusterConfig withEncryption(boolean on) {
        ClusterConfig c = copy();
        c.encrypt = on;
        return c;
    }

    /**
     * Adds classes that may cross the wire. A sealed interface allows its permitted subclasses, recursively; a
     * {@code @Server} or {@code @StateMachine} class allows itself (its state, for sys across nodes), its generated
     * protocol records (the nested records of its {@code …_Dispatch}) and the records, enums and sealed types declared
     * in it (a state machine's states). Replies and other messages are allowed one by one. The protocols the processor generated
     * need no listing: it names them in {@code META-INF/loomotp/protocols}, which every node reads.
     */
    public ClusterConfig allow(Class<?>... classes) {
        Set<Class<?>> set = new LinkedHashSet<>(allowed);
        for (Class<?> k : classes) {
            set.add(Objects.requireNonNull(k, "class"));
        }
        ClusterConfig c = copy();
        c.allowed = Set.copyOf(set);
        return c;
    }

    public String clusterName() {
        return clusterName;
    }

    public String nodeName() {
        return nodeName;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int bindPort() {
        return bindPort;
    }

    public List<String> initialMembers() {
        return initialMembers;
    }

    public String secret() {
        return secret;
    }

    public Duration failureTimeout() {
        return failureTimeout;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public boolean encrypt() {
        return encrypt;
    }

    /** The failure detector's first port, from the bind port: see {@link #withFailureDetectorPorts}. */
    public int failureDetectorOffset() {
        return failureDetectorOffset;
    }

    /** How many ports above its first the failure detector tries: see {@link #withFailureDetectorPorts}. */
    public int failureDetectorPortRange() {
        return failureDetectorPortRange;
    }

    public Set<Class<?>> allowed() {
        return allowed;
    }

    private static void checkFailureDetectorSpan(int bindPort, int offset, int range) {
        if ((long) bindPort + offset + range > 65535) {
            throw new IllegalArgumentException("failure detector ports " + ((long) bindPort + offset) + "-"
                    + ((long) bindPort + offset + range) + " (bind port " + bindPort + " + offset " + offset
                    + ", range " + range + ") end above 65535: give a smaller offset or range");
        }
    }

    private static String nonBlank(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    @Override
    public String toString() {
        return "ClusterConfig[cluster=" + clusterName + ", node=" + nodeName + ", bind=" + bindAddress + ":" + bindPort
                + ", members=" + initialMembers + ", failureDetector=+" + failureDetectorOffset + "[+"
                + failureDetectorPortRange + "], failureTimeout=" + failureTimeout + ", encrypt=" + encrypt
                + ", allowed=" + allowed.size() + " classes, secret=****]";
    }
}
