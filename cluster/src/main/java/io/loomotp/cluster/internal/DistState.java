package io.loomotp.cluster.internal;

import java.util.List;
import java.util.Map;

/**
 * What one node's distributed-application controller tells the others (docs/adr/0016): the applications it has
 * started (it is a candidate to run them), with their distribution, and which of them run there now. It is sent to
 * every node of a new view and after every change, so that each node holds the others' latest and decides from the
 * view and the precedence lists alone.
 *
 * @param node the sender's node name
 * @param creation the sender's incarnation: a state of an earlier incarnation is not the current one's
 * @param answer true if the receiver should answer with its own state (the sender has just seen it in a view, or has
 *     just been asked to start an application)
 * @param token in a state that asks for an answer, a number the answer echoes (0: none needed); in an answer, the
 *     number of the question it answers; else 0
 * @param apps by application name
 */
record DistState(String node, long creation, boolean answer, long token, Map<String, DistState.App> apps) {

    /**
     * One application on the sender.
     *
     * @param waitMs its failover wait, in ms
     * @param precedence its node precedence list; a node ignores a peer whose list differs (OTP's distribution mismatch)
     * @param running true if it runs on the sender now
     * @param startedAs how it was started there ({@code normal}, {@code {takeover, n3}}, …), or empty
     */
    record App(long waitMs, List<List<String>> precedence, boolean running, String startedAs) {}

    /**
     * Sent by the node where an application was stopped on request, to every other node before its new state: the
     * application stays stopped on every node (OTP's {@code dist_ac_app_stopped}), until it is started again.
     *
     * @param node the sender's node name
     * @param app the application's name
     */
    record Stopped(String node, String app) {}
}
