package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.NodeDownException;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.ClusterViewHook;
import io.loomotp.runtime.remote.RemoteCaller;
import io.loomotp.runtime.remote.RemoteNode;
import java.time.Duration;
import java.util.List;

/**
 * A call of a service another node offered ({@code ClusterNodes.offer}), as OTP's {@code erpc:call} makes one: a call
 * of that node's rpc server {@code rex} (ADR 0026) with the built-in function {@value #FUNCTION}, which every node
 * registers at its join. {@code rex} runs the service in a fresh process and answers with its text; a lost node ends
 * the wait at once, as for any call.
 *
 * <p>What crosses: the argument {@code [service, args]} and the text, all strings and lists, which the allow-list has
 * built in. Any thread may call.
 */
public final class RemoteCall implements RemoteCaller {
    /** The function of every node's {@code rex} that runs a service for another node's call. */
    public static final String FUNCTION = "loomotp.erpc";

    private final Node node;
    private final Endpoint endpoint;
    private final RemoteNames names;
    private final RemoteFunctions functions;

    public RemoteCall(Node node, Endpoint endpoint, RemoteNames names, RemoteFunctions functions) {
        this.node = node;
        this.endpoint = endpoint;
        this.names = names;
        this.functions = functions;
        functions.register(FUNCTION, this::run);
    }

    /** Runs one call of a service, on the called node, in the process {@code rex} spawned for it. */
    private Object run(Object argument) {
        if (!(argument instanceof List<?> a && a.size() == 2 && a.get(0) instanceof String service
                && a.get(1) instanceof List<?> args)) {
            throw new IllegalArgumentException("a call of a service is [service, args], not " + argument);
        }
        var function = ClusterViewHook.service(node, service);
        if (function == null) {
            throw new IllegalStateException("node " + endpoint.nodeName() + " offers no " + service);
        }
        String text = function.apply(args.stream().map(String::valueOf).toList());
        return text == null ? "" : text;
    }

    @Override
    public String call(String nodeName, String service, List<String> args, Duration timeout) {
        if (!endpoint.nodes().contains(nodeName)) {
            throw new IllegalArgumentException(nodeName.equals(endpoint.nodeName())
                    ? nodeName + " is this node"
                    : "no node '" + nodeName + "' connected to " + endpoint.nodeName() + " (nodes lists them)");
        }
        try {
            return (String) functions.apply(nodeName, FUNCTION, List.of(service, List.copyOf(args)), timeout);
        } catch (CallTimeoutException late) {
            throw new CallTimeoutException("the call of " + service + " on node " + nodeName, timeout);
        } catch (RemoteCrashException crash) { // the service threw there: its message, as the caller's error
            throw new IllegalStateException(crash.getMessage() != null ? crash.getMessage()
                    : crash.className().substring(crash.className().lastIndexOf('.') + 1));
        } catch (ProcessExitException ended) {
            throw new IllegalStateException("the call of " + service + " on node " + nodeName
                    + " ended without an answer: " + ended.reason());
        } catch (ClusterException gone) {
            throw new IllegalStateException(gone instanceof NodeDownException
                    ? "lost node " + nodeName + " before it answered" : gone.getMessage());
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
    public Pid pidOf(String nodeName, long creation, long serial) {
        return endpoint.incarnation(nodeName, creation).pid(serial);
    }

    @Override
    public long creation() {
        return endpoint.creation();
    }

    @Override
    public Pid whereis(String nodeName, String name, Duration timeout) {
        return names.whereis(nodeName, name, timeout);
    }
}
