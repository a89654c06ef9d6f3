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
