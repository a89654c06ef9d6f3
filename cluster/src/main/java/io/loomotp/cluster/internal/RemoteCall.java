package io.loomotp.cluster.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.remote.ClusterViewHook;
import io.loomotp.runtime.remote.RemoteCaller;
import io.loomotp.runtime.remote.RemoteNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call of a service another node offered ({@code ClusterNodes.offer}), as OTP's {@code erpc:call} makes one: the
 * asking node spawns, on the called node, a process that runs the service and sends its text back, and monitors it, so
 * that the node's loss ends the wait at once. It owns the built-in spawnable {@value #SPAWNABLE} that every node
 * registers at its join, and the asking side's short-lived process; no new wire operation is needed.
 *
 * <p>What crosses: the argument {@code [asker, service, args]} and the answer {@code ["ok", text]} or
 * {@code ["error", message]}, all pids, strings and lists, which the allow-list has built in. Any thread may call.
 */
public final class RemoteCall implements RemoteCaller {
    /** The spawnable of every node that runs a service for another node's call. */
    public static final String SPAWNABLE = "loomotp.erpc";

    private final Node node;
    private final Endpoint endpoint;
    private final RemoteNames names;

    public RemoteCall(Node node, Endpoint endpoint, RemoteNames names) {
        this.node = node;
        this.endpoint = endpoint;
        this.names = names;
        endpoint.registerSpawnable(SPAWNABLE, this::body);
    }

    /** The body of the process that answers one call, on the called node. */
    private ProcessBody body(Object argument) {
        if (!(argument instanceof List<?> a && a.size() == 3 && a.get(0) instanceof Pid asker
                && a.get(1) instanceof String service && a.get(2) instanceof List<?> args)) {
            throw new IllegalArgumentException("a call of a service is [asker, service, args], not " + argument);
        }
        List<String> texts = args.stream().map(String::valueOf).toList();
        return () -> {
            var function = ClusterViewHook.service(node, service);
            List<String> answer;
            if (function == null) {
                answer = List.of("error", "node " + endpoint.nodeName() + " offers no " + service);
            } else {
                try {
                    String text = function.apply(texts);
                    answer = List.of("ok", text == null ? "" : text);
                } catch (RuntimeException e) {
                    answer = List.of("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            Process.send(asker, answer);
        };
    }

    @Override
    public String call(String nodeName, String service, List<String> args, Duration timeout) {
        if (!endpoint.nodes().contains(nodeName)) {
            throw new IllegalArgumentException(nodeName.equals(endpoint.nodeName())
                    ? nodeName + " is this node"
                    : "no node '" + nodeName + "' connected to " + endpoint.nodeName() + " (nodes lists them)");
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        node.spawn(() -> ask(nodeName, service, args, timeout, answer));
        try {
            // the asking process gives up at the timeout itself; this bound only guards against it never running
            return answer.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the call of " + service + " on node " + nodeName + " never ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + service + " on node " + nodeName);
        }
    }

    @Override
    public Pid pid(String nodeName, long serial) {
        RemoteNode incarnation = endpoint.connected(nodeName);
        if (incarnation == null) {
            throw new IllegalArgumentException(nodeName.equals(endpoint.nodeName())
                    ? nodeName + " is this node"
                    : "no node '" + nodeName + "' connected to " + endpoint.nodeName() + " (nodes lists them)");
        }
        return incarnation.pid(serial);
    }

    @Override
    public Pid whereis(String nodeName, String name, Duration timeout) {
        return names.whereis(nodeName, name, timeout);
    }

    /** The asking process: spawns the answering one, monitored, and waits for its answer or its end. */
    private void ask(String nodeName, String service, List<String> args, Duration timeout,
                     CompletableFuture<String> answer) {
        try {
            Pid self = Process.self();
            MonitorRef ref = MonitorRef.make();
            Pid callee = endpoint.spawn(self, nodeName, SPAWNABLE, List.of(self, service, args), false, ref);
            Object m = Process.receive(x -> x instanceof List<?> l && l.size() == 2
                    || x instanceof Down d && d.ref().equals(ref), timeout);
            switch (m) {
                case null -> answer.completeExceptionally(new CallTimeoutException(callee, service, timeout));
                case List<?> l when "ok".equals(l.get(0)) -> answer.complete((String) l.get(1));
                case List<?> l -> answer.completeExceptionally(new IllegalStateException((String) l.get(1)));
                case Down d when d.reason() instanceof ExitReason.NoConnection -> answer.completeExceptionally(
                        new IllegalStateException("lost node " + nodeName + " before it answered"));
                case Down d -> answer.completeExceptionally(new IllegalStateException("the call of " + service
                        + " on node " + nodeName + " ended without an answer: " + d.reason()));
                default -> throw new IllegalStateException("unexpected " + m);
            }
        } catch (RuntimeException e) { // ClusterException: the node went away, or the spawn was refused
            answer.completeExceptionally(e);
        }
    }
}
