package io.loomotp.processor.base;

/**
 * The qualified name of every annotation the processor reads, in one place. The processor never loads the
 * {@code annotations} module's classes (a user's build may put another version on its path than the processor saw):
 * it compares these names with the mirrors javac gives it. Class annotations are {@link Behaviour}s, method
 * annotations {@link Role}s; what is left is named here alone.
 */
public final class Annotations {
    private Annotations() {}

    /** The package of every Loom OTP annotation. */
    public static final String PACKAGE = "io.loomotp";

    public static final String SERVER = PACKAGE + ".Server";
    public static final String STATE_MACHINE = PACKAGE + ".StateMachine";
    public static final String SUPERVISOR = PACKAGE + ".Supervisor";

    public static final String CALL = PACKAGE + ".Call";
    public static final String CAST = PACKAGE + ".Cast";
    public static final String EVENT = PACKAGE + ".Event";
    public static final String ENTER = PACKAGE + ".Enter";
    public static final String INFO = PACKAGE + ".Info";
    public static final String CONTINUE = PACKAGE + ".Continue";
    public static final String INIT = PACKAGE + ".Init";
    public static final String TERMINATE = PACKAGE + ".Terminate";
    public static final String CHILD = PACKAGE + ".Child";

    /** Names the states an {@code @Event}, {@code @Enter} or {@code @Info} of an enum-state machine applies to. */
    public static final String IN_STATE = PACKAGE + ".InState";

    /** On the processor's own output: claimed, so that javac does not warn that nobody processed it. */
    public static final String GENERATED = PACKAGE + ".Generated";
}
