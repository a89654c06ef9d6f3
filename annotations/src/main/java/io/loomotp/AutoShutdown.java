package io.loomotp;

/**
 * When a supervisor shuts itself down because its <em>significant</em> children ended (OTP 24's
 * {@code auto_shutdown}, EEP 56). A significant child ({@code ChildSpec.withSignificant(true)}) is transient or
 * temporary; it counts when it ends by itself and is not restarted: a temporary child for any reason, a transient one
 * with {@code normal}, {@code shutdown} or {@code {shutdown, _}}. A child the supervisor terminates
 * ({@code terminateChild}, a restart of its siblings) never counts.
 *
 * <p>Shutting down, the supervisor stops its other children, as when it is stopped, and exits with {@code shutdown}.
 */
public enum AutoShutdown {
    /** Never: the default, and the only setting under which no child may be significant. */
    NEVER,
    /** When any significant child ends. */
    ANY_SIGNIFICANT,
    /** When every significant child has ended (none is left running). */
    ALL_SIGNIFICANT
}
