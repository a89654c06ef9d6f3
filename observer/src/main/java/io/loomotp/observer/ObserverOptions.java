package io.loomotp.observer;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How an {@link Observer} serves its page: the address and port it binds, the access token every request must carry,
 * and how often live data is sampled and pushed.
 *
 * <p>The defaults are safe: loopback only, an ephemeral port, a fresh random token of 128 bits, one sample a second.
 * {@link #bindAddress} to anything but loopback is an explicit choice; the page is plain HTTP, so put a TLS proxy in
 * front of it (docs/observer.md).
 *
 * @param bindAddress the address to listen on (loopback by default)
 * @param port the TCP port, or 0 for any free one
 * @param token the access token: at least 16 characters
 * @param sampleInterval how often the node is sampled and the page's live data pushed: at least 250 ms
 * @param historySamples how many samples the charts keep (300 at 1 s: five minutes)
 * @param cluster the global names and process groups of the node's cluster, for the Cluster panel; null (the
 *     default) shows the cluster's members only, or nothing on a node in no cluster
 */
public record ObserverOptions(InetAddress bindAddress, int port, String token, Duration sampleInterval,
                              int historySamples, ClusterInfo cluster) {

    /** The shortest sample interval: the page never samples the node faster than this. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(250);

    public ObserverOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is no TCP port: 0 (any free one) to 65535");
        }
        if (token.length() < 16 || !token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new IllegalArgumentException("an access token is at least 16 letters, digits, '-' or '_'");
        }
        if (sampleInterval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("a sample interval is at least " + MIN_INTERVAL.toMillis()
                    + " ms, not " + sampleInterval.toMillis() + " ms: the page must not load the node");
        }
        if (historySamples < 2 || historySamples > 10_000) {
            throw new IllegalArgumentException("history samples are 2 to 10000, not " + historySamples);
        }
    }

    /** Loopback, any free port, a random token, one sample a second, five minutes of history. */
    public static ObserverOptions defaults() {
        return new ObserverOptions(InetAddress.getLoopbackAddress(), 0, randomToken(), Duration.ofSeconds(1), 300,
                null);
    }

    /** Listens on another address: an explicit choice, since the page is plain HTTP (put TLS in front). */
    public ObserverOptions withBindAddress(InetAddress address) {
        return new ObserverOptions(address, port, token, sampleInterval, historySamples, cluster);
    }

    public ObserverOptions withPort(int port) {
        return new ObserverOptions(bindAddress, port, token, sampleInterval, historySamples, cluster);
    }

    public ObserverOptions withToken(String token) {
        return new ObserverOptions(bindAddress, port, token, sampleInterval, historySamples, cluster);
    }

    public ObserverOptions withSampleInterval(Duration interval) {
        return new ObserverOptions(bindAddress, port, token, interval, historySamples, cluster);
    }

    public ObserverOptions withHistorySamples(int samples) {
        return new ObserverOptions(bindAddress, port, token, sampleInterval, samples, cluster);
    }

    /** Shows the global names and process groups of the node's cluster in the Cluster panel ({@link ClusterInfo}). */
    public ObserverOptions withCluster(ClusterInfo info) {
        return new ObserverOptions(bindAddress, port, token, sampleInterval, historySamples,
                Objects.requireNonNull(info, "info"));
    }

    /** 128 random bits, in hex. */
    static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        // never the token: options end up in logs
        return "ObserverOptions[bind=" + bindAddress.getHostAddress() + ", port=" + port + ", sample="
                + sampleInterval.toMillis() + " ms, history=" + historySamples + "]";
    }
}
