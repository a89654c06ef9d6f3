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
        this(className, onReceipt, null);
    }

    /**
     * @param onReceipt true if the node that read the class refused it, false if the node about to write it did
     * @param what what carried the class, such as a call's reply refused by the callee's node, or null
     */
    public ClassNotAllowedException(String className, boolean onReceipt, String what) {
        super((what == null ? "" : what + ": ") + (lambda(className)
                ? "a lambda (" + className + ") cannot cross to another node (" + (onReceipt ? "refused by the "
                        + "receiver" : "refused by the sender") + "): its class exists only in the JVM that made it, "
                        + "and no allow-list can name it; send a record or an enum, allowed with ClusterConfig.allow, "
                        + "and let the receiving process act on it"
                : "class " + className + " is not on the cluster's allow-list ("
                        + (onReceipt ? "refused by the receiver" : "refused by the sender") + "); register it with "
                        + "ClusterConfig.allow(" + simple(className) + ".class) on every node"));
        this.className = className;
        this.onReceipt = onReceipt;
    }

    /** The refused class's name. */
    public String className() {
        return className;
    }

    /**
     * True if the class was refused as it was read (a message or a call's reply that came from another node), false
     * if it was refused before anything was sent (the caller's own message, request or argument, or a call's reply
     * that the callee's node refused to send).
     */
    public boolean onReceipt() {
        return onReceipt;
    }

    /** A lambda's or another hidden class's name: {@code Outer$$Lambda/0x...} ({@code Class.isHidden}). */
    private static boolean lambda(String name) {
        return name.contains("$$Lambda") || name.contains("/0x");
    }

    /**
     * The class as source names it, for the fix the message gives: {@code Outer.Inner}; an array's binary name
     * ({@code [Ljava.lang.Object;}, {@code [[I}) as {@code Object[]}, {@code int[][]}.
     */
    private static String simple(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        String element = name.substring(dims);
        if (dims > 0) {
            element = switch (element) {
                case "Z" -> "boolean";
                case "B" -> "byte";
                case "C" -> "char";
                case "S" -> "short";
                case "I" -> "int";
                case "J" -> "long";
                case "F" -> "float";
                case "D" -> "double";
                default -> element.startsWith("L") && element.endsWith(";")
                        ? element.substring(1, element.length() - 1) : element;
            };
        }
        return element.substring(element.lastIndexOf('.') + 1).replace('$', '.') + "[]".repeat(dims);
    }
}
