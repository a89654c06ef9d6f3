package io.loomotp.cluster;

/**
 * A class that is not on the cluster's allow-list was about to be written to, or was read from, the wire. Only the
 * runtime's own types, common JDK values and the classes a node registers ({@link ClusterConfig#allow}) cross.
 */
public final class ClassNotAllowedException extends ClusterException {
    private static final long serialVersionUID = 1L;
    private final String className;
    private final boolean onReceipt;

    /**
     * @param onReceipt true if the node that read the class refused it, false if the node about to write it did
     */
    public ClassNotAllowedException(String className, boolean onReceipt) {
        super("class " + className + " is not on the cluster's allow-list ("
                + (onReceipt ? "refused by the receiver" : "refused by the sender") + "); register it with "
                + "ClusterConfig.allow(" + simple(className) + ".class) on every node");
        this.className = className;
        this.onReceipt = onReceipt;
    }

    /** The refused class's name. */
    public String className() {
        return className;
    }

    /**
     * True if the class was refused as it was read (a message or a call's reply that came from another node), false
     * if it was refused before anything was sent (the caller's own message, request or argument).
     */
    public boolean onReceipt() {
        return onReceipt;
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
