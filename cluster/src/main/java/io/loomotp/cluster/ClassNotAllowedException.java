package io.loomotp.cluster;

/**
 * A class that is not on the cluster's allow-list was about to be written to, or was read from, the wire. Only the
 * runtime's own types, common JDK values and the classes a node registers ({@link ClusterConfig#allow}) cross.
 */
public final class ClassNotAllowedException extends ClusterException {
    private static final long serialVersionUID = 1L;
    private final String className;

    public ClassNotAllowedException(String className, String where) {
        super("class " + className + " is not on the cluster's allow-list (" + where + "); register it with "
                + "ClusterConfig.allow(" + simple(className) + ".class) on every node");
        this.className = className;
    }

    /** The refused class's name. */
    public String className() {
        return className;
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
