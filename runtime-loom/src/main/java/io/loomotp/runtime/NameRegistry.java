package io.loomotp.runtime;

/**
 * A registry of process names of the user's own: the callback module of OTP's {@code {via, Module, Name}}, with its
 * four functions ({@code register_name/2}, {@code unregister_name/1}, {@code whereis_name/1}, {@code send/2}). A
 * behaviour started with {@code StartOptions.withVia(registry, name)} is registered through it before its init runs,
 * and a generated client made with {@code …Ref.byVia(node, registry, name)} looks the name up through it at each call
 * or stop ({@link #whereisName}) and casts through it ({@link #send}).
 * Names may be any object with {@code equals} and {@code hashCode}, as a via name may be any term.
 *
 * <p>As in OTP, the registry keeps its names: a start whose init fails (or is ignored) unregisters its name, but the
 * end of a registered process does not. A registry that should forget the dead monitors what it registers (as
 * OTP's {@code global} does, and gproc), or answers {@link #whereisName} only for live processes
 * ({@link Node#isAlive}). All four methods may be called from any process, at once: make them thread-safe.
 */
public interface NameRegistry {

    /**
     * Registers {@code pid} under {@code name}: OTP's {@code register_name/2}.
     *
     * @return true if registered, false if the name is taken (OTP's {@code no}); a start then fails with
     *     {@link AlreadyStartedException} naming {@link #whereisName the holder}
     */
    boolean registerName(Object name, Pid pid);

    /** Forgets {@code name}, if registered: OTP's {@code unregister_name/1}. */
    void unregisterName(Object name);

    /** The process registered under {@code name}, or null if none is (OTP's {@code undefined}). */
    Pid whereisName(Object name);

    /**
     * Sends {@code message} to the process registered under {@code name}: OTP's {@code send/2}. By default it looks
     * the name up with {@link #whereisName} and sends with {@link Process#send}. A generated client's cast to a via
     * name comes through here, as {@code gen_server:cast} calls {@code Mod:send/2}: an override must deliver
     * {@code message} as it is, with {@link Process#send} (the cast arrives as a cast, as OTP's
     * {@code {'$gen_cast', Request}} term does); what it throws is dropped with the cast, as OTP's {@code catch}
     * drops it.
     *
     * @throws NoProcessException if nobody holds the name (OTP's {@code send/2} exits with {@code badarg})
     */
    default void send(Object name, Object message) {
        Pid pid = whereisName(name);
        if (pid == null) {
            throw new NoProcessException(ViaName.of(this, name), "send");
        }
        Process.send(pid, message);
    }
}
