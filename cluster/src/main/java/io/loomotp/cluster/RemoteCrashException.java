package io.loomotp.cluster;

/**
 * The exception that ended a process on another node, as far as the wire carries it: the original class name and
 * message. The exception object itself never crosses (that would need Java serialization, which cluster input never
 * uses), so a {@code Crash} exit reason from another node carries one of these.
 */
public final class RemoteCrashException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String className;
    private final String node;

    public RemoteCrashException(String className, String message) {
        super(message, null, false, false);
        this.className = className;
        this.node = null;
    }

    /**
     * The exception a function applied on another node threw ({@code erpc}'s {@code {exception, Reason, Stack}}),
     * thrown to the caller: its stack trace is the remote frames the wire carried, then the caller's own, so that
     * both where it failed and where it was asked show.
     */
    public RemoteCrashException(String className, String message, java.util.List<StackTraceElement> remoteStack) {
        this(className, message, remoteStack, null);
    }

    /**
     * As {@link #RemoteCrashException(String, String, java.util.List)}, naming the node where the function threw, which
     * {@link #toString()} then says.
     */
    public RemoteCrashException(String className, String message, java.util.List<StackTraceElement> remoteStack,
                                String node) {
        super(message, null, false, true);
        this.className = className;
        this.node = node;
        StackTraceElement[] local = getStackTrace();
        StackTraceElement[] all = new StackTraceElement[remoteStack.size() + local.length];
        remoteStack.toArray(all);
        System.arraycopy(local, 0, all, remoteStack.size(), local.length);
        setStackTrace(all);
    }

    /** The name of the class of the exception that crashed the remote process. */
    public String className() {
        return className;
    }

    /** The node where the exception was thrown, when this one was made for a function applied there; else null. */
    public String node() {
        return node;
    }

    /**
     * The original class name and message, then the node it was thrown on when known ({@code
     * java.io.IOException: disk full (thrown on node b)}), so that a log line does not read as a local exception.
     */
    @Override
    public String toString() {
        String m = getMessage();
        String s = m == null ? className : className + ": " + m;
        return node == null ? s : s + " (thrown on node " + node + ")";
    }
}
