package io.loomotp.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link Cluster#multiCall} brings back: OTP's {@code {Replies, BadNodes}}.
 *
 * @param replies each node's server's reply, by node name, sorted (a reply may be null)
 * @param badNodes the nodes that gave none, sorted: not connected or lost, nobody registered under the name there, its
 *     server ended before it replied, or no reply within the timeout
 */
public record MultiCallResult(Map<String, Object> replies, List<String> badNodes) {
    public MultiCallResult {
        replies = Collections.unmodifiableMap(new TreeMap<>(replies)); // Map.copyOf refuses null replies
        badNodes = List.copyOf(badNodes);
    }
}
