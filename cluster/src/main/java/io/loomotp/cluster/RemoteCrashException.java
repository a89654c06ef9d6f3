package io.loomotp.cluster;

/**
 * The exception that ended a process on another node, as far as the wire carries it: the original class name and
 * message. The exception object itself never crosses (that would need Java serialization, which cluster input never
 * uses), so a {@code Crash} exit reason from another node carries one of these.
 */
public final class RemoteCrashException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String className;

    public RemoteCrashException(String className, String message) {
        super(message, null, false, false);
        this.className = className;
    }

    /**
     * The exception a function applied on another node threw ({@code erpc}'s {@code {exception, Reason, Stack}}),
     * thrown to the caller: its stack trace is the remote frames the wire carried, then the caller's own, so that
     * both where it failed and where it was asked show.
     */
    public RemoteCrashException(String className, String message, java.util.List<StackTraceElement> remoteStack) {
        super(message, null, false, true);
        this.className = className;
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

    @Override
    public String toString() {
        String m = getMessage();
        return m == null ? className : className + ": " + m;
    }
}
